import Foundation
import Synchronization

/// Runs an exec credential plugin and reads its ExecCredential from standard output. A plugin
/// that is missing or fails is one error with its command, the end of its standard error and the
/// kubeconfig's `installHint`, not its raw output on ours at every retry.
enum ExecPluginRunner {
    struct Result {
        var token: String
        var expiry: Date?
    }

    /// The end of the plugin's standard error kept for the error (a plugin may print pages).
    static let stderrLimit = 2048

    static func run(_ config: ExecConfig) async throws -> Result {
        let (stdout, stderr, exitCode): (Data, Data, Int32) = try await withCheckedThrowingContinuation { continuation in
            // The blocking read and wait run on a thread of their own: not on Dispatch's global
            // queue, whose threads on Linux are the Swift concurrency pool's.
            Thread {
                do {
                    continuation.resume(returning: try runBlocking(config))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
        guard exitCode == 0 else {
            let said = Self.lastLines(stderr)
            throw failure(config, "exited \(exitCode)" + (said.isEmpty ? " and printed nothing on standard error" : ": \(said)"))
        }
        return try result(from: stdout, command: config.command)
    }

    /// The error for a plugin that did not give a credential: the command line, what went
    /// wrong, and what to install.
    static func failure(_ config: ExecConfig, _ what: String) -> KubeError {
        let command = ([config.command] + config.args).joined(separator: " ")
        let hint = config.installHint.map { "; " + $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ") }
            ?? "; install the plugin the kubeconfig's users[].user.exec names, or give --kubeconfig another user"
        return KubeError(code: .credentials, message: "credential plugin `\(command)` \(what)\(hint)")
    }

    /// The plugin's path: as given when it has a slash, else the first executable on PATH
    /// (the plugin's env may set PATH, as client-go lets it).
    static func resolve(_ config: ExecConfig, environment: [String: String]) throws -> String {
        if config.command.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: config.command) else {
                throw failure(config, "is not an executable file")
            }
            return config.command
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(config.command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw failure(config, "was not found on PATH (\(path))")
    }

    static func runBlocking(_ config: ExecConfig) throws -> (Data, Data, Int32) {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in config.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] =
            #"{"apiVersion":"\#(config.apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(config, environment: environment))
        process.arguments = config.args
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw failure(config, "could not be started: \(error.localizedDescription)")
        }
        // Standard error is drained beside standard output, so neither pipe can fill and stall the plugin.
        let stderr = Drained()
        let drained = DispatchSemaphore(value: 0)
        Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            stderr.data.withLock { $0 = data.suffix(Self.stderrLimit) }
            drained.signal()
        }.start()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return (stdout, stderr.data.withLock { $0 }, process.terminationStatus)
    }

    /// Standard error as read on the draining thread.
    final class Drained: Sendable {
        let data = Mutex<Data>(Data())
    }

    /// The plugin's last words on one line.
    static func lastLines(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).suffix(3)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " / ")
    }
}
