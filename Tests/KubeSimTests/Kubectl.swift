import Foundation
import TestSupport

/// Runs the kubectl found on PATH against a kubeconfig, for the end-to-end test.
struct Kubectl: Sendable {
    let executable: String
    let kubeconfig: String
    let cacheDirectory: String

    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func process(_ arguments: [String]) -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // kubectl's discovery gives up after 32 s unless a request timeout is set, and on a loaded
        // two-core CI machine running the whole suite at once an answer has taken longer.
        process.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout=180s"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        return (process, pipe)
    }

    /// Runs to completion (killed after `timeout` seconds).
    func run(_ arguments: String..., timeout: Double = 180) async throws -> Result {
        let (process, pipe) = process(arguments)
        return try await onOwnThread {
            try process.run()
            let killer = DispatchWorkItem { process.terminate() }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            killer.cancel()
            return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
        }
    }
}
