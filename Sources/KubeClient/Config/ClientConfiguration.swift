import Foundation

/// Where the API server is and how to reach it: the result of reading a kubeconfig or
/// the in-cluster files. TLS verification is on unless `insecureSkipTLSVerify` is set.
package struct ClientConfiguration: Sendable, CustomStringConvertible {
    package enum Credentials: Sendable, CustomStringConvertible {
        case none
        case token(Secret)
        /// Re-read when it rotates (service-account tokens are projected and refreshed by the kubelet).
        case tokenFile(String)
        case exec(ExecConfig)

        package var description: String {
            switch self {
            case .none: return "none"
            case .token: return "token"
            case .tokenFile(let path): return "tokenFile(\(path))"
            case .exec(let config): return "exec(\(config.command))"
            }
        }
    }

    /// `https://host:port` or `http://host:port`, without a trailing slash.
    package var server: String
    package var credentials: Credentials
    /// PEM bytes of the CA bundle that signs the server's certificate.
    package var certificateAuthority: [UInt8]?
    /// PEM bytes of a client certificate chain and key.
    package var clientCertificate: [UInt8]?
    package var clientKey: Secret?
    package var insecureSkipTLSVerify: Bool
    /// The name to check the server's certificate against, when it differs from the host.
    package var tlsServerName: String?
    package var userAgent: String

    package init(server: String, credentials: Credentials = .none, certificateAuthority: [UInt8]? = nil,
                clientCertificate: [UInt8]? = nil, clientKey: Secret? = nil, insecureSkipTLSVerify: Bool = false,
                tlsServerName: String? = nil, userAgent: String = "costguard") {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.credentials = credentials
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.userAgent = userAgent
    }

    package var description: String {
        "ClientConfiguration(server: \(server), credentials: \(credentials), ca: \(certificateAuthority != nil), "
            + "clientCertificate: \(clientCertificate != nil), insecureSkipTLSVerify: \(insecureSkipTLSVerify))"
    }
}

extension ClientConfiguration {
    /// Where requests go, and the host-to-address mapping that makes them reach the server.
    /// With `tls-server-name`, requests name that host (so the TLS handshake sends and verifies
    /// it) while the connection still goes to the configured server's address.
    var requestRoute: (base: String, dnsOverride: [String: String]) {
        guard let name = tlsServerName, !name.isEmpty, server.hasPrefix("https://"),
              var components = URLComponents(string: server), let host = components.host else {
            return (server, [:])
        }
        components.host = name
        if components.port == nil { components.port = 443 }
        return (components.string ?? server, [name: host])
    }
}
