import Foundation
import PrometheusBackfill
import Signals
import TestSupport
import Testing

/// TLS with a private CA: an `openssl s_server` whose certificate only that CA signed. With the CA
/// bundle the handshake verifies (the server's HTML status page then arrives as notJSON); without
/// it, verification refuses the server.
@Suite(.enabled(if: OpenSSLTool.path != nil || LocalPrometheus.inCI, "openssl is not installed; set CI=1 to make this a failure"))
struct CustomCATests {
    @Test("the CA bundle is trusted and verification stays on")
    func customCA() async throws {
        let openssl = try #require(OpenSSLTool.path, "CI is set but openssl is missing: .ci/run must apt-get install openssl")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-tls-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
        for arguments in [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=costguard test CA",
             "-keyout", "ca.key", "-out", "ca.pem"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
             "-extfile", "san.ext", "-out", "server.pem"],
        ] {
            let process = try Self.start(openssl, arguments, in: directory)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " ")) failed")
        }
        let port = try CannedHTTPServer.closedPort()
        let server = try Self.start(openssl, ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key", "-www", "-quiet"],
                                    in: directory)
        // s_server does not stop on SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let url = "https://127.0.0.1:\(port)"
        var trusted = try await Self.query(url, caFile: directory + "/ca.pem")
        for _ in 0..<50 where trusted.code == .unreachable {
            // s_server may not listen yet.
            try await Task.sleep(for: .milliseconds(100))
            trusted = try await Self.query(url, caFile: directory + "/ca.pem")
        }
        #expect(trusted.code == .notJSON, "\(trusted)")
        let untrusted = try await Self.query(url, caFile: nil)
        #expect(untrusted.code == .unreachable, "\(untrusted)")
        #expect("\(untrusted)".lowercased().contains("certificate") || "\(untrusted)".contains("handshake"), "\(untrusted)")
    }

    /// The error of one GET (s_server -www answers a GET with an HTML page).
    static func query(_ url: String, caFile: String?) async throws -> SignalsError {
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: url, timeoutSeconds: 5, caFile: caFile, method: .get))
        var failure = SignalsError(.badResult, "the HTML page was taken for a result")
        do throws(SignalsError) {
            _ = try await client.instant("up")
        } catch {
            failure = error
        }
        try await client.shutdown()
        return failure
    }

    static func start(_ executable: String, _ arguments: [String], in directory: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

enum OpenSSLTool {
    static let path = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
