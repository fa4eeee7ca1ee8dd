import AsyncHTTPClient
import NIOCore
import NIOSSL

/// Builds the AsyncHTTPClient for a configuration: trust roots, client certificate, verification.
enum HTTPClientFactory {
    static func make(_ configuration: ClientConfiguration) throws -> HTTPClient {
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            // No read timeout: a quiet watch sends nothing for minutes, and the server ends it itself.
            timeout: .init(connect: .seconds(10), read: nil))
        if configuration.server.hasPrefix("https://") {
            httpConfiguration.tlsConfiguration = try tls(configuration)
            httpConfiguration.dnsOverride = configuration.requestRoute.dnsOverride
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
    }

    static func tls(_ configuration: ClientConfiguration) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = configuration.certificateAuthority {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = configuration.clientCertificate, let key = configuration.clientKey {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.value.utf8), format: .pem))
            }
        } catch {
            throw KubeError(code: .configuration, message: "cannot load TLS certificates or key", cause: error)
        }
        if configuration.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        }
        return tls
    }
}
