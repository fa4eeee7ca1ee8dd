import NIOSSL

/// How KubeSim speaks TLS: the certificate chain and key it presents and, when set, the
/// CA that every client must present a certificate from (as kube-apiserver's
/// `--client-ca-file`). Built from PEM so callers need not import NIOSSL.
package struct ServerTLS: Sendable {
    let context: NIOSSLContext

    /// `certificateChain` is the server's certificate first, then any intermediates.
    package init(certificateChain: [UInt8], privateKey: [UInt8], clientCertificateAuthority: [UInt8]? = nil) throws {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(certificateChain).map { NIOSSLCertificateSource.certificate($0) }
            guard !chain.isEmpty else { throw SimError(message: "the TLS certificate chain holds no certificate") }
            let key = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(bytes: privateKey, format: .pem))
            let configuration: TLSConfiguration
            if let clientCertificateAuthority {
                let roots = try NIOSSLCertificate.fromPEMBytes(clientCertificateAuthority)
                guard !roots.isEmpty else { throw SimError(message: "the client certificate authority holds no certificate") }
                // Client certificates carry no host name to check; a chain to `roots` is required.
                configuration = .makeServerConfigurationWithMTLS(certificateChain: chain, privateKey: key,
                                                                 trustRoots: .certificates(roots))
            } else {
                configuration = .makeServerConfiguration(certificateChain: chain, privateKey: key)
            }
            context = try NIOSSLContext(configuration: configuration)
        } catch let error as SimError {
            throw error
        } catch {
            throw SimError(message: "cannot load the TLS certificate chain or key: \(error)")
        }
    }
}
