@testable import AccessLogs
import Foundation
import GuardCore
import ScenarioIO

/// A temporary folder for one test, removed when the test's value goes away.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("accesslogs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ lines: [String]) throws -> String {
        let path = path(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs an ingest over `paths` and reads the scenario it wrote back with GuardCore's reader.
func ingest(_ paths: [String], options: IngestOptions, header: String, state: String? = nil, scratch: Scratch,
            cellsLog2: Int = 22) throws -> (header: ScenarioHeader, frames: [SignalFrame], result: IngestRun.Result, text: String) {
    var run = IngestRun(options: options, header: try HeaderTemplate(json: header, interval: options.interval, source: "test"))
    run.statePath = state
    run.filterCellsLog2 = cellsLog2
    let out = scratch.path("out-\(UUID().uuidString).jsonl")
    let descriptor = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let result = try run.run(paths: paths, descriptor: descriptor)
    close(descriptor)
    let reader = try ScenarioReader(path: out)
    var frames: [SignalFrame] = []
    while let frame = try reader.next() { frames.append(frame) }
    return (reader.header, frames, result, try String(contentsOfFile: out, encoding: .utf8))
}

/// Parses one line with `format`, returning the record's plain fields or the skip reason.
func parse(_ format: LogFormat, _ line: String) -> (time: Double, status: Int, address: ClientAddress, method: String, path: String, router: String)? {
    var copy = line
    return copy.withUTF8 { bytes in
        var record = LogRecord()
        guard format.parse(bytes, into: &record) == nil else { return nil }
        return (record.time, record.status, record.address, String(decoding: record.method, as: UTF8.self),
                String(decoding: record.path, as: UTF8.self), String(decoding: record.router, as: UTF8.self))
    }
}

func skipReason(_ format: LogFormat, _ line: String) -> SkipReason? {
    var copy = line
    return copy.withUTF8 { bytes in
        var record = LogRecord()
        return format.parse(bytes, into: &record)
    }
}

let testHeader = TrafficGenerator().headerJSON()
