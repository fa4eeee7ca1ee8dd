import Foundation
import KubeModel

/// What an exec credential plugin prints: client.authentication.k8s.io/v1 ExecCredential.
struct ExecCredential: Decodable {
    struct CredentialStatus: Decodable {
        var token: String?
        var expirationTimestamp: String?
        var clientCertificateData: String?
        var clientKeyData: String?
    }

    var apiVersion: String?
    var kind: String?
    var status: CredentialStatus?

    /// Parses RFC 3339 timestamps with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        guard RFC3339.isWellFormed(text) else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
