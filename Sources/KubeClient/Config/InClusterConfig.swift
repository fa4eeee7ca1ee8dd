import Foundation

/// The configuration a pod gets: KUBERNETES_SERVICE_HOST/PORT, and the service-account
/// token, CA and namespace files.
package struct InClusterConfig: Sendable {
    package static let defaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    package var configuration: ClientConfiguration
    package var namespace: String?

    package static func load(directory: String = defaultDirectory,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> InClusterConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw KubeError(code: .configuration,
                            message: "not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let tokenPath = directory + "/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            throw KubeError(code: .configuration, message: "no service-account token at \(tokenPath)")
        }
        let ca: [UInt8]
        do {
            ca = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/ca.crt")))
        } catch {
            throw KubeError(code: .configuration, message: "cannot read the service-account CA", cause: error)
        }
        let namespacePath = directory + "/namespace"
        var namespace: String?
        if FileManager.default.fileExists(atPath: namespacePath) {
            do {
                namespace = try String(contentsOf: URL(fileURLWithPath: namespacePath), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw KubeError(code: .configuration, message: "cannot read the service-account namespace", cause: error)
            }
        }
        let configuration = ClientConfiguration(server: "https://\(hostPart):\(port)", credentials: .tokenFile(tokenPath),
                                                certificateAuthority: ca)
        return InClusterConfig(configuration: configuration, namespace: namespace)
    }
}
