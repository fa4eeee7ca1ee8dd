import AccessLogs
@testable import AccessLogsServe
import AsyncHTTPClient
import Foundation
import GuardCore
import Logging
import NIOCore
import ScenarioIO
import ServiceLifecycle
import TestSupport

let quietLogger = Logger(label: "ingest-serve-tests") { _ in SwiftLogNoOpLogHandler() }

/// Receivers on loopback ports for the length of `body`, with one HTTP client, shut down after.
func withReceivers<Result: Sendable>(_ options: [ReceiverOptions],
                                     _ body: @Sendable ([ReceiverService], HTTPClient) async throws -> Result) async throws -> Result {
    let receivers = options.map { ReceiverService(host: "127.0.0.1", port: 0, options: $0, logger: quietLogger) }
    let group = ServiceGroup(services: receivers.map { $0 as any Service }, logger: quietLogger)
    let running = Task { try await group.run() }
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let result: Swift.Result<Result, any Error>
    do {
        for receiver in receivers { _ = try await receiver.waitForPort() }
        result = .success(try await body(receivers, client))
    } catch {
        result = .failure(error)
    }
    try await client.shutdown()
    await group.triggerGracefulShutdown()
    _ = await running.result
    return try result.get()
}

struct Answer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension ReceiverService {
    /// Only once `waitForPort()` has returned.
    var url: String { "http://127.0.0.1:\(port ?? 0)" }
}

func post(_ client: HTTPClient, _ url: String, _ body: [UInt8], contentType: String,
          headers extra: [(String, String)] = []) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: contentType)
    for (name, value) in extra { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(bytes: body))
    return try await send(client, request)
}

func get(_ client: HTTPClient, _ url: String) async throws -> Answer {
    try await send(client, HTTPClientRequest(url: url))
}

private func send(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> Answer {
    let response = try await client.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 64 << 20)
    var headers: [String: String] = [:]
    for header in response.headers { headers[header.name.lowercased()] = header.value }
    return Answer(status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
}

/// The receiver's intervals as the operator reads them.
func report(_ client: HTTPClient, _ receiver: ReceiverService) async throws -> IntervalReport {
    let answer = try await get(client, receiver.url + "/v1/intervals")
    guard answer.status == 200 else { throw ReceiverTestFailure("GET /v1/intervals answered \(answer.status): \(answer.text)") }
    return try IntervalReport(json: answer.body)
}

struct ReceiverTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A short generated Traefik log (about 12,000 requests in 5 minutes, with a flood and unreadable
/// lines) as lines, and the frames and skip count `costguard ingest` makes of it offline.
struct OfflineTruth: Sendable {
    var lines: [String]
    var frames: [SignalFrame]
    /// Lines the offline ingest skipped, by reason.
    var skippedByReason: [SkipReason: Int]
    var skipped: Int { skippedByReason.values.reduce(0, +) }
}

func generatedLog(duration: Int = 300, lines limit: Int? = nil) async throws -> OfflineTruth {
    try await onLowPriorityThread {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = TrafficGenerator()
        generator.duration = duration
        generator.organicRps = 20
        generator.floodStart = duration / 2
        generator.floodRps = 40
        generator.floodPrefixes = 30
        generator.garbageEvery = 101
        let full = folder.appendingPathComponent("full.log").path
        _ = try generator.write(traefik: full)
        var lines = try String(contentsOfFile: full, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let limit { lines = Array(lines.prefix(limit)) }
        let path = folder.appendingPathComponent("used.log").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        var run = IngestRun(options: testIngestOptions, header: try HeaderTemplate(json: generator.headerJSON(), interval: 15, source: "test"))
        run.filterCellsLog2 = 16
        let out = folder.appendingPathComponent("out.jsonl").path
        let descriptor = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let result = try run.run(paths: [path], descriptor: descriptor)
        close(descriptor)
        let reader = try ScenarioReader(path: out)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return OfflineTruth(lines: lines, frames: frames, skippedByReason: result.skipped.counts)
    }
}

/// The offline ingest's options and the receiver's same ones.
let testIngestOptions: IngestOptions = {
    var options = IngestOptions(format: .traefik, interval: 15)
    options.conversions = [try! ConversionRule(parsing: "POST /checkout")]
    return options
}()

func receiverOptions(_ ingest: IngestOptions = testIngestOptions, keep: Int = 240) -> ReceiverOptions {
    ReceiverOptions(ingest: ingest, keep: keep)
}

/// A JSON string literal of `text`.
func jsonString(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}

/// `bytes` compressed by the system's gzip (a real encoder, not this project's), on a thread of its own.
func gzip(_ bytes: [UInt8]) async throws -> [UInt8] {
    try await onOwnThread {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-serve-\(UUID().uuidString).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path + ".gz") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-f", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReceiverTestFailure("gzip exited \(process.terminationStatus)") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }
}
