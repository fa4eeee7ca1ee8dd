import Foundation
import KubeClient
import KubeModel
import Testing
import TestSupport

/// A kubeconfig whose exec credential plugin is not installed (an EKS kubeconfig on a machine
/// without `aws`): one error naming the command and what to install, logged once however often
/// the requests retry, instead of `/usr/bin/env: … No such file` on standard error each time.
@Suite struct ExecPluginFailureTests {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "exec-plugin-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func kubeconfig(_ directory: String, exec: String) throws -> KubeConfig {
        let yaml = """
        current-context: c
        clusters: [{name: k, cluster: {server: "http://127.0.0.1:9"}}]
        users: [{name: u, user: {exec: \(exec)}}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """
        try yaml.write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        return try KubeConfig.load(path: directory + "/config")
    }

    @Test func aMissingPluginIsOneErrorWithTheCommandAndTheInstallHint() async throws {
        let config = try kubeconfig(try directory(), exec: """
            {apiVersion: client.authentication.k8s.io/v1, command: costguard-test-absent-plugin, args: [eks, get-token], \
            installHint: "Install the AWS CLI: https://docs.aws.amazon.com/cli/"}
            """)
        let capture = LogCapture(level: .info)
        let client = try Client(configuration: config.configuration, logger: capture.logger())
        for _ in 0..<5 {
            let error = await #expect(throws: KubeError.self) {
                _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
            }
            #expect(error?.code == .credentials)
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("`costguard-test-absent-plugin eks get-token` was not found on PATH"), "\(text)")
            #expect(text.contains("Install the AWS CLI"), "\(text)")
        }
        try await client.shutdown()
        let reported = capture.all.filter { $0.contains("exec plugin failed") }
        #expect(reported.count == 1, "\(capture.all)")
    }

    @Test func aFailingPluginsStandardErrorIsInTheError() async throws {
        let directory = try directory()
        try "#!/bin/sh\necho 'token expired: run aws sso login' >&2\nexit 255\n"
            .write(toFile: directory + "/plugin.sh", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/plugin.sh")
        let config = try kubeconfig(directory, exec: "{apiVersion: client.authentication.k8s.io/v1, command: ./plugin.sh}")
        let client = try Client(configuration: config.configuration)
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.get(.namespaces, name: "default", as: Namespace.self)
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("plugin.sh` exited 255: token expired: run aws sso login"), "\(text)")
        try await client.shutdown()
    }
}
