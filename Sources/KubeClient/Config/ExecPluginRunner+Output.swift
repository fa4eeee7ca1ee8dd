import Foundation

extension ExecPluginRunner {
    /// Reads what a plugin printed on standard output: its token and expiry, or an error saying what is wrong.
    static func result(from stdout: Data, command: String) throws -> Result {
        let credential: ExecCredential
        do {
            credential = try JSONDecoder().decodeLocated(ExecCredential.self, from: stdout)
        } catch {
            throw KubeError(code: .credentials, message: "credential plugin \(command) printed no ExecCredential",
                            cause: error)
        }
        guard let token = credential.status?.token, !token.isEmpty else {
            throw KubeError(code: .credentials,
                            message: "credential plugin \(command) returned no token (client certificates from plugins are not supported)")
        }
        var expiry: Date?
        if let stamp = credential.status?.expirationTimestamp {
            guard let parsed = ExecCredential.parseTime(stamp) else {
                throw KubeError(code: .credentials, message: "credential plugin returned a bad expirationTimestamp")
            }
            expiry = parsed
        }
        return Result(token: token, expiry: expiry)
    }
}
