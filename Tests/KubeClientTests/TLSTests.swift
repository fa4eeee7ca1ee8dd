import Foundation
import KubeClient
import KubeModel
import KubeSim
import Testing

/// The client's TLS path against KubeSim serving real HTTPS on loopback, configured the
/// way users configure it: through a kubeconfig.
@Suite struct TLSTests {
    static let token = "tls-test-bearer-7c41e9"

    @Test func certificateAuthorityDataVerifiesTheServer() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki) { server in
            #expect(server.url.hasPrefix("https://127.0.0.1:"))
            let config = try kubeconfig(server: server, cluster: "certificate-authority-data: \(base64(pki.caCertificate))")
            let names = try await withClient(config) { client in
                _ = try await client.create(.nodes, body: node("tls-a"), as: .json)
                return try await client.list(.nodes, as: .readable(Node.self)).items.map(\.metadata.name)
            }
            #expect(names == ["tls-a"])
        }
    }

    @Test func certificateAuthorityFileVerifiesTheServer() async throws {
        let pki = try TestCertificates.get()
        let directory = NSTemporaryDirectory() + "kubeclient-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try pki.caCertificate.write(toFile: directory + "/ca.crt", atomically: true, encoding: .utf8)
        try await withTLSServer(pki) { server in
            // A relative path resolves against the kubeconfig's folder.
            try kubeconfigYAML(server: server, cluster: "certificate-authority: ca.crt")
                .write(toFile: directory + "/config", atomically: true, encoding: .utf8)
            let config = try KubeConfig.load(path: directory + "/config").configuration
            let listed = try await withClient(config) { client in
                try await client.list(.namespaces, as: .json).items.count
            }
            #expect(listed == 4)
        }
    }

    @Test func unknownServerCertificateIsRefusedWithoutLeakingTheToken() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki) { server in
            let config = try kubeconfig(server: server, user: "token: \(Self.token)")
            // The HTTP client retries a failed handshake until the request's deadline, then
            // reports the handshake error: a short deadline keeps the test quick.
            let error = try await withClient(config, headTimeout: .seconds(1)) { client in
                await #expect(throws: KubeError.self) { _ = try await client.list(.nodes, as: .json) }
            }
            #expect(error?.code == .transport)
            #expect(describe(error).contains("CERTIFICATE_VERIFY_FAILED"), "\(describe(error))")
            #expect(!describe(error).contains(Self.token))
            #expect(!String(reflecting: error).contains(Self.token))
            // The request itself never reached the server.
            #expect(server.cluster.requests.isEmpty)
        }
    }

    @Test func tlsServerNameIsTheNameVerifiedWhileTheConnectionGoesToTheServer() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki, namedOnly: true) { server in
            let ca = "certificate-authority-data: \(base64(pki.caCertificate))"
            // The certificate names only kube.internal; the server URL is 127.0.0.1.
            let byAddress = try kubeconfig(server: server, cluster: ca)
            let refused = try await withClient(byAddress, headTimeout: .seconds(1)) { client in
                await #expect(throws: KubeError.self) { _ = try await client.list(.nodes, as: .json) }
            }
            #expect(describe(refused).contains("not retried"), "\(describe(refused))")

            let named = try kubeconfig(server: server, cluster: ca + ", tls-server-name: kube.internal")
            #expect(named.tlsServerName == "kube.internal")
            let listed = try await withClient(named) { client in
                try await client.list(.namespaces, as: .json).items.count
            }
            #expect(listed == 4)

            let wrong = try kubeconfig(server: server, cluster: ca + ", tls-server-name: api.elsewhere.example")
            let error = try await withClient(wrong, headTimeout: .seconds(1)) { client in
                await #expect(throws: KubeError.self) { _ = try await client.list(.nodes, as: .json) }
            }
            #expect(describe(error).contains("not retried"), "\(describe(error))")
            #expect(server.cluster.requests.count == 1, "only the named client's list reached the server")
        }
    }

    @Test func insecureSkipTLSVerifyConnectsToAnUnknownServer() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki) { server in
            let config = try kubeconfig(server: server, cluster: "insecure-skip-tls-verify: true")
            #expect(config.insecureSkipTLSVerify)
            let listed = try await withClient(config) { client in
                try await client.list(.namespaces, as: .json).items.count
            }
            #expect(listed == 4)
        }
    }

    @Test func serverRequiringClientCertificatesAcceptsOnlyClientsWithOne() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki, requireClientCertificates: true) { server in
            let ca = "certificate-authority-data: \(base64(pki.caCertificate))"
            let withCertificate = try kubeconfig(server: server, cluster: ca, user: """
                client-certificate-data: \(base64(pki.clientCertificate)), client-key-data: \(base64(pki.clientKey))
                """)
            let listed = try await withClient(withCertificate) { client in
                try await client.list(.namespaces, as: .json).items.count
            }
            #expect(listed == 4)
            #expect(server.cluster.requests.count == 1)

            let without = try kubeconfig(server: server, cluster: ca)
            let error = try await withClient(without) { client in
                await #expect(throws: KubeError.self) { _ = try await client.list(.namespaces, as: .json) }
            }
            #expect(error?.code == .transport)
            #expect(describe(error).contains("CERTIFICATE_REQUIRED"), "\(describe(error))")
            #expect(server.cluster.requests.count == 1)
        }
    }

    @Test func bearerTokenReachesTheServerAndStaysOutOfErrors() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki) { server in
            let ca = "certificate-authority-data: \(base64(pki.caCertificate))"
            let anonymous = try kubeconfig(server: server, cluster: ca)
            try await withClient(anonymous) { client in _ = try await client.list(.nodes, as: .json) }
            #expect(server.cluster.requests.map(\.hasAuthorization) == [false])

            let withToken = try kubeconfig(server: server, cluster: ca, user: "token: \(Self.token)")
            let error = try await withClient(withToken) { client in
                _ = try await client.list(.nodes, as: .json)
                return await #expect(throws: KubeError.self) { _ = try await client.get(.nodes, name: "absent", as: .json) }
            }
            #expect(server.cluster.requests.map(\.hasAuthorization) == [false, true, true])
            #expect(error?.isNotFound == true)
            #expect(!describe(error).contains(Self.token))
            #expect(!String(reflecting: error).contains(Self.token))
        }
    }

    @Test func watchDeliversEventsOverTLS() async throws {
        let pki = try TestCertificates.get()
        try await withTLSServer(pki) { server in
            let config = try kubeconfig(server: server, cluster: "certificate-authority-data: \(base64(pki.caCertificate))")
            try await withClient(config) { client in
                let log = EventLog()
                let watcher = client.watcher(.nodes, as: .readable(Node.self))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in watcher { log.events.withLock { $0.append(event) } }
                    }
                    try await eventually { server.cluster.openWatches == 1 }
                    _ = try await client.create(.nodes, body: node("tls-w", labels: ["step": "1"]), as: .json)
                    _ = try await client.patch(.nodes, name: "tls-w", .merge(["metadata": ["labels": ["step": "2"]]]), as: .json)
                    try await eventually { log.applied == ["tls-w@1", "tls-w@2"] }
                    group.cancelAll()
                }
                // A client leaving over TLS sends close_notify before closing; the server must
                // notice it mid-response rather than wait for the client to give up (5 s).
                try await eventually(timeout: .seconds(3)) { server.cluster.openWatches == 0 }
            }
        }
    }
}

/// A KubeSim over TLS with the test PKI's server certificate; with
/// `requireClientCertificates`, clients must present one signed by the test CA.
func withTLSServer<Result: Sendable>(
    _ pki: TestCertificates, requireClientCertificates: Bool = false, namedOnly: Bool = false,
    _ body: @Sendable (APIServer) async throws -> Result
) async throws -> Result {
    let certificate = namedOnly ? pki.namedServerCertificate : pki.serverCertificate
    let key = namedOnly ? pki.namedServerKey : pki.serverKey
    let tls = try ServerTLS(certificateChain: Array(certificate.utf8), privateKey: Array(key.utf8),
                            clientCertificateAuthority: requireClientCertificates ? Array(pki.caCertificate.utf8) : nil)
    return try await withAPIServer(tls: tls, body)
}

/// A client that fails fast: a refused handshake is not worth retrying in a test.
func withClient<Result: Sendable>(_ configuration: ClientConfiguration, headTimeout: Duration = .seconds(180),
                                  _ body: @Sendable (Client) async throws -> Result) async throws -> Result {
    let client = try Client(configuration: configuration, retryPolicy: .none, headTimeout: headTimeout)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try await client.shutdown()
        throw error
    }
}

/// A one-context kubeconfig; `cluster` and `user` are extra YAML flow-mapping fields.
func kubeconfigYAML(server: APIServer, cluster: String = "", user: String = "") -> String {
    """
    current-context: sim
    clusters: [{name: sim, cluster: {server: "\(server.url)"\(cluster.isEmpty ? "" : ", " + cluster)}}]
    users: [{name: u, user: {\(user)}}]
    contexts: [{name: sim, context: {cluster: sim, user: u}}]
    """
}

func kubeconfig(server: APIServer, cluster: String = "", user: String = "") throws -> ClientConfiguration {
    try KubeConfig.parse(yaml: kubeconfigYAML(server: server, cluster: cluster, user: user), baseDirectory: "/").configuration
}

func describe(_ error: KubeError?) -> String { error.map { "\($0)" } ?? "" }

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
