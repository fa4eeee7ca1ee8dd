import Foundation
import KubeClient
import KubeModel
import KubeSim
import Testing

@Suite struct ConfigTests {
    static let secretToken = "s3cr3t-token-value"

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "kubeclient-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func kubeconfigWithInlineDataAndNamedContext() throws {
        let ca = Data("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n".utf8).base64EncodedString()
        let cert = Data("CERT".utf8).base64EncodedString()
        let key = Data("KEY".utf8).base64EncodedString()
        let yaml = """
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: prod
          cluster: {server: "https://10.0.0.1:6443", certificate-authority-data: \(ca)}
        - name: lab
          cluster: {server: "https://lab:6443/", insecure-skip-tls-verify: true}
        users:
        - name: admin
          user: {client-certificate-data: \(cert), client-key-data: \(key)}
        - name: bot
          user: {token: \(Self.secretToken)}
        contexts:
        - name: main
          context: {cluster: prod, user: admin, namespace: shop}
        - name: lab
          context: {cluster: lab, user: bot}
        """
        let main = try KubeConfig.parse(yaml: yaml, baseDirectory: "/tmp")
        #expect(main.configuration.server == "https://10.0.0.1:6443")
        #expect(main.namespace == "shop")
        #expect(main.configuration.certificateAuthority.map { String(decoding: $0, as: UTF8.self) }?.contains("CA") == true)
        #expect(main.configuration.clientCertificate == Array("CERT".utf8))
        #expect(main.configuration.clientKey?.value == "KEY")
        #expect(!main.configuration.insecureSkipTLSVerify)

        let lab = try KubeConfig.parse(yaml: yaml, context: "lab", baseDirectory: "/tmp")
        #expect(lab.configuration.server == "https://lab:6443")
        #expect(lab.configuration.insecureSkipTLSVerify)
        guard case .token(let token) = lab.configuration.credentials else {
            Issue.record("expected a token")
            return
        }
        #expect(token.value == Self.secretToken)
        // Tokens never print.
        #expect(!"\(lab.configuration)".contains(Self.secretToken))
        #expect(!String(reflecting: token).contains(Self.secretToken))

        #expect(throws: KubeError.self) { try KubeConfig.parse(yaml: yaml, context: "missing", baseDirectory: "/tmp") }
    }

    @Test func kubeconfigFilesResolveAgainstItsFolder() throws {
        let directory = try temporaryDirectory()
        try "PEM-CA".write(toFile: directory + "/ca.pem", atomically: true, encoding: .utf8)
        try "tok\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let yaml = """
        current-context: c
        clusters: [{name: k, cluster: {server: "https://k:6443", certificate-authority: ca.pem}}]
        users: [{name: u, user: {tokenFile: token}}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """
        try yaml.write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        let config = try KubeConfig.load(path: directory + "/config")
        #expect(config.configuration.certificateAuthority == Array("PEM-CA".utf8))
        guard case .tokenFile(let path) = config.configuration.credentials else {
            Issue.record("expected a token file")
            return
        }
        #expect(path == directory + "/token")
    }

    @Test func execPluginTokenIsSentAndRefreshedAfterExpiry() async throws {
        let directory = try temporaryDirectory()
        let counter = directory + "/runs"
        let script = """
        #!/bin/sh
        echo run >> "\(counter)"
        n=$(wc -l < "\(counter)" | tr -d ' ')
        test -n "$KUBERNETES_EXEC_INFO" || exit 3
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-%s","expirationTimestamp":"%s"}}' "$n" "$EXPIRY"
        """
        try script.write(toFile: directory + "/plugin.sh", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/plugin.sh")
        try await withAPIServer { server in
            let yaml = """
            current-context: c
            clusters: [{name: k, cluster: {server: "\(server.url)"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin.sh, env: [{name: EXPIRY, value: "2000-01-01T00:00:00Z"}]}}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """
            try yaml.write(toFile: directory + "/config", atomically: true, encoding: .utf8)
            let config = try KubeConfig.load(path: directory + "/config")
            let client = try Client(configuration: config.configuration)
            _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
            _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
            try await client.shutdown()
        }
        // The credential had already expired, so each request ran the plugin again.
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        #expect(runs == 2)
    }

    @Test func failingExecPluginIsAnError() async throws {
        let directory = try temporaryDirectory()
        try "#!/bin/sh\nexit 7\n".write(toFile: directory + "/bad.sh", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/bad.sh")
        let client = try Client(configuration: ClientConfiguration(server: "http://127.0.0.1:9",
                                                                   credentials: .exec(ExecConfig(command: directory + "/bad.sh"))))
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
        }
        #expect(error?.code == .credentials)
        try await client.shutdown()
    }

    @Test func inClusterConfigFromADirectory() throws {
        let directory = try temporaryDirectory()
        try Self.secretToken.write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try "CA-PEM".write(toFile: directory + "/ca.crt", atomically: true, encoding: .utf8)
        try "shop\n".write(toFile: directory + "/namespace", atomically: true, encoding: .utf8)
        let config = try InClusterConfig.load(directory: directory,
                                              environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"])
        #expect(config.configuration.server == "https://[fd00::1]:443")
        #expect(config.namespace == "shop")
        #expect(config.configuration.certificateAuthority == Array("CA-PEM".utf8))
        #expect(!config.configuration.insecureSkipTLSVerify)
        #expect(throws: KubeError.self) { try InClusterConfig.load(directory: directory, environment: [:]) }
    }

    @Test func rotatedTokenFileIsReadAgainAndNeverLeaks() async throws {
        let directory = try temporaryDirectory()
        try "first-token".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try await withAPIServer { server in
            // The sim answers 401 to nothing, so the rotation is checked through a failing server: the
            // error must not contain the token.
            server.cluster.inject(Fault(.status(code: 403, retryAfterSeconds: nil), verb: "get", resource: "namespaces"))
            let client = try Client(configuration: ClientConfiguration(server: server.url, credentials: .tokenFile(directory + "/token")))
            let error = await #expect(throws: KubeError.self) {
                _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
            }
            #expect(error?.isForbidden == true)
            #expect(!String(describing: error).contains("first-token"))
            try await client.shutdown()
        }
    }
}
