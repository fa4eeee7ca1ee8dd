import Foundation

/// Writes OpenMetrics text to one file per 2-hour TSDB block window (aligned to the epoch, as
/// Prometheus aligns blocks), each with the family headers and the closing `# EOF`.
final class OpenMetricsBlockWriter {
    static let blockSeconds: Int64 = 7200
    let directory: String
    let label: String
    private var files: [String] = []
    private var handle: FileHandle?
    private var window: Int64?
    private var buffer: [UInt8] = []

    init(directory: String, label: String) throws {
        self.directory = directory
        self.label = label
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        buffer.reserveCapacity(1 << 20)
    }

    /// Lines must come in time order per series; a line of a new 2-hour window starts a new file.
    func append(_ line: String, at stamp: Int64) throws {
        let block = stamp >= 0 ? stamp / Self.blockSeconds : (stamp - Self.blockSeconds + 1) / Self.blockSeconds
        if block != window { try open(block) }
        buffer.append(contentsOf: line.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Closes the last file; returns every file written.
    func finish() throws -> [String] {
        try close()
        return files
    }

    private func open(_ block: Int64) throws {
        if window != nil, block < window! {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "OpenMetrics samples went back in time"])
        }
        try close()
        let path = (directory as NSString).appendingPathComponent("\(label)-\(block * Self.blockSeconds).om")
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = file
        window = block
        files.append(path)
        var header = ""
        for family in [ScenarioMetrics.requests, ScenarioMetrics.routeRequests, ScenarioMetrics.prefixRequests,
                       ScenarioMetrics.newClientRequests, ScenarioMetrics.orders] {
            header += "# TYPE \(family) counter\n"
        }
        header += "# TYPE \(ScenarioMetrics.uniqueClients) gauge\n"
        buffer.append(contentsOf: header.utf8)
    }

    private func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func close() throws {
        guard let handle else { return }
        buffer.append(contentsOf: "# EOF\n".utf8)
        try flush()
        try handle.close()
        self.handle = nil
    }
}
