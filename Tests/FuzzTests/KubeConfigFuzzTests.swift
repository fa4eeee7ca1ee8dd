import Foundation
@testable import KubeClient
import KubeModel
import PropertyBased
import Testing

/// Kubeconfig files and what exec credential plugins print. A refusal is a KubeError whose
/// message says what is missing or, for a parse fault, carries the parser's position.
@Suite struct KubeConfigFuzzTests {
    static let kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: prod
          cluster: {server: "https://10.0.0.1:6443", certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNBCg==}
        - name: lab
          cluster:
            server: https://lab:6443/
            insecure-skip-tls-verify: true
            tls-server-name: api.lab
        users:
        - name: admin
          user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
        - name: bot
          user: {token: s3cr3t}
        - name: plugin
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: aws
              args: [eks, get-token, --cluster-name, prod]
              env: [{name: AWS_PROFILE, value: prod}]
        contexts:
        - name: main
          context: {cluster: prod, user: admin, namespace: shop}
        - name: lab
          context: {cluster: lab, user: bot}
        """

    static let shape = Shape.object([
        ("apiVersion", .string(["v1"])), ("kind", .string(["Config"])), ("current-context", .string(["main", "lab", "", "missing"])),
        ("clusters", .array(.object([("name", .string(["prod", "lab"])), ("cluster", .object([
            ("server", .string(["https://10.0.0.1:6443", "http://[::1]:8080", "https://", "not a url", "https://a:99999", ""])),
            ("certificate-authority-data", .string(["LS0tCg==", "!!!", "", "QQ"])), ("insecure-skip-tls-verify", .bool),
            ("tls-server-name", .string(["api"])),
        ]))]), max: 3)),
        ("users", .array(.object([("name", .string(["admin", "bot", "plugin"])), ("user", .object([
            ("token", .string(["t", ""])), ("client-certificate-data", .string(["Q0VSVA==", "%%%"])), ("client-key-data", .string(["S0VZ"])),
            ("exec", .object([("command", .string(["aws", "./bin/plugin", ""])), ("args", .array(.string(["a", "--x"]), max: 3)),
                              ("env", .array(.object([("name", .string(["A"])), ("value", .string(["1"]))]), max: 2)),
                              ("apiVersion", .string(["client.authentication.k8s.io/v1", "v0"]))])),
        ]))]), max: 3)),
        ("contexts", .array(.object([("name", .string(["main", "lab"])), ("context", .object([
            ("cluster", .string(["prod", "lab", "gone"])), ("user", .string(["admin", "bot", "plugin", "nobody"])), ("namespace", .string(["shop"])),
        ]))]), max: 3)),
    ])

    @Test func kubeconfigs() async throws {
        let directory = NSTemporaryDirectory() + "fuzz-kubeconfig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await fuzz("kubeconfig", input: mutatedOrGenerated([Self.kubeconfig]) { rng in
            let value = Self.shape.value(&rng)
            return Gen.bool.run(using: &rng) ? value.yaml() : value.jsonString
        }, read: { bytes in
            do {
                _ = try KubeConfig.parse(yaml: String(decoding: bytes, as: UTF8.self), baseDirectory: directory)
                return .accepted
            } catch let error as KubeError {
                return .refused(error.description, namesPlace: ErrorPlace.named(error))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    static let credential = #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"k8s-aws-v1.abc","expirationTimestamp":"2026-03-02T08:15:00Z"}}"#
    static let credentialShape = Shape.object([
        ("apiVersion", .string(["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])), ("kind", .string(["ExecCredential"])),
        ("status", .object([("token", .string(["tok", ""])),
                            ("expirationTimestamp", .string(["2026-03-02T08:15:00Z", "2026-03-02T08:15:00.123456Z", "2026-03-02T08:15:00+02:00", "tomorrow", "2026-02-30T25:00:00Z"])),
                            ("clientCertificateData", .string(["-----BEGIN"])), ("clientKeyData", .string(["-----BEGIN"]))])),
    ])

    @Test func execCredentials() async {
        await fuzz("ExecCredential", input: mutatedOrGenerated([Self.credential, #"{"status":{"token":"t"}}"#]) { rng in
            Self.credentialShape.value(&rng).jsonString
        }, read: { bytes in
            do {
                _ = try ExecPluginRunner.result(from: Data(bytes), command: "aws")
                return .accepted
            } catch let error as KubeError {
                return .refused(error.description, namesPlace: ErrorPlace.named(error) && error.description.contains("credential plugin"))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }
}
