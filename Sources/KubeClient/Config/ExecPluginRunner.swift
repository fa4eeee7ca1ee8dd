import Foundation

/// Runs an exec credential plugin and reads its ExecCredential from standard output.
enum ExecPluginRunner {
    struct Result {
        var token: String
        var expiry: Date?
    }

    static func run(_ config: ExecConfig) async throws -> Result {
        let (stdout, exitCode): (Data, Int32) = try await withCheckedThrowingContinuation { continuation in
            // The blocking read and wait run on a thread of their own, off the cooperative pool.
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try runBlocking(config))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        guard exitCode == 0 else {
            throw KubeError(code: .credentials, message: "credential plugin \(config.command) exited \(exitCode)")
        }
        return try result(from: stdout, command: config.command)
    }

    static func runBlocking(_ config: ExecConfig) throws -> (Data, Int32) {
        let process = Process()
        if config.command.contains("/") {
            process.executableURL = URL(fileURLWithPath: config.command)
            process.arguments = config.args
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [config.command] + config.args
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in config.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] =
            #"{"apiVersion":"\#(config.apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        // As kubectl does, the plugin's standard error goes to ours, so its prompts and
        // diagnostics reach the user and cannot fill a pipe nobody reads.
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (stdout, process.terminationStatus)
    }
}
