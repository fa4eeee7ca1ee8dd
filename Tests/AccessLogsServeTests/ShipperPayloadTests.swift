import AccessLogs
@testable import AccessLogsServe
import AsyncHTTPClient
import Foundation
import GuardCore
import Testing

/// Shippers' newline-delimited JSON over real HTTP, checked against `costguard ingest` on the same lines.
@Suite struct ShipperPayloadTests {
    /// Fluent Bit's `http` output, `format json_lines`, after the tail input with the docker parser:
    /// the access-log line is the `log` string (with its newline), beside `stream`, `time` and `date`.
    static func fluentBitRecord(_ line: String) -> String {
        #"{"date":1772438400.25,"log":\#(jsonString(line + "\n")),"stream":"stdout","time":"2026-03-02T08:00:00.25Z"}"#
    }

    /// Vector's `http` sink, `encoding.codec = "json"`, `framing.method = "newline_delimited"`, from
    /// the `kubernetes_logs` source: the line is `message`, beside the pod's metadata.
    static func vectorRecord(_ line: String) -> String {
        #"{"file":"/var/log/pods/traefik/0.log","kubernetes":{"pod_name":"traefik-6d8f","pod_namespace":"ingress"},"message":\#(jsonString(line)),"source_type":"kubernetes_logs","stream":"stdout","timestamp":"2026-03-02T08:00:00.250Z"}"#
    }

    /// Fluent Bit or Vector after a JSON parser: the record is the access log's object, with the
    /// shipper's `date` added.
    static func parsedRecord(_ line: String) -> String {
        line.hasPrefix("{") ? #"{"date":1772438400.25,"# + line.dropFirst() : line
    }

    /// Posts `records` as ndjson bodies of `batch` records each, in order.
    static func postRecords(_ client: HTTPClient, _ receiver: ReceiverService, _ records: [String], batch: Int = 500,
                            path: String = "/") async throws -> [Int] {
        var statuses: [Int] = []
        for start in stride(from: 0, to: records.count, by: batch) {
            let body = records[start..<min(start + batch, records.count)].joined(separator: "\n") + "\n"
            statuses.append(try await post(client, receiver.url + path, Array(body.utf8), contentType: "application/x-ndjson").status)
        }
        return statuses
    }

    @Test func fluentBitJSONLinesGiveTheOfflineFrames() async throws {
        let truth = try await generatedLog()
        let (frames, statuses, metrics) = try await withReceivers([receiverOptions()]) { receivers, client in
            let statuses = try await Self.postRecords(client, receivers[0], truth.lines.map(Self.fluentBitRecord))
            let metrics = try await get(client, receivers[0].url + "/metrics").text
            return (try await report(client, receivers[0]).frames(), statuses, metrics)
        }
        #expect(Set(statuses) == [200])
        #expect(truth.frames.count == 20)
        #expect(frames == truth.frames)
        // The unreadable lines are skipped for the offline ingest's reasons, counted alike.
        #expect(truth.skippedByReason.count >= 2)
        for reason in SkipReason.allCases {
            #expect(metrics.contains("costguard_ingest_lines_skipped_total{reason=\"\(reason.label)\"} \(truth.skippedByReason[reason] ?? 0)\n"), "\(reason)")
        }
        #expect(metrics.contains("costguard_ingest_lines_total{format=\"traefik\"} \(truth.lines.count - truth.skipped)\n"))
    }

    @Test func vectorNDJSONGivesTheOfflineFrames() async throws {
        let truth = try await generatedLog()
        let frames = try await withReceivers([receiverOptions()]) { receivers, client in
            let statuses = try await Self.postRecords(client, receivers[0], truth.lines.map(Self.vectorRecord), path: "/ingest")
            guard Set(statuses) == [200] else { throw ReceiverTestFailure("statuses \(Set(statuses))") }
            return try await report(client, receivers[0]).frames()
        }
        #expect(frames == truth.frames)
    }

    /// Two replicas behind one load balancer, each given every other line (one by Vector, one by
    /// Fluent Bit with a JSON parser): their reports merge to the frames of one receiver seeing all.
    @Test func twoReceiversGivenHalfTheLinesMergeToTheWhole() async throws {
        let truth = try await generatedLog()
        let even = truth.lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = truth.lines.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let (merged, halves) = try await withReceivers([receiverOptions(), receiverOptions()]) { receivers, client in
            _ = try await Self.postRecords(client, receivers[0], even.map(Self.vectorRecord))
            _ = try await Self.postRecords(client, receivers[1], odd.map(Self.parsedRecord))
            var first = try await report(client, receivers[0])
            let second = try await report(client, receivers[1])
            let halves = (first.intervals.map(\.sketch.requests).reduce(0, +), second.intervals.map(\.sketch.requests).reduce(0, +))
            first.merge(second)
            return (first, halves)
        }
        #expect(halves.0 > 0 && halves.1 > 0)
        let frames = merged.frames()
        #expect(frames.map(\.rps) == truth.frames.map(\.rps))
        #expect(frames.map(\.clientErrorRatio) == truth.frames.map(\.clientErrorRatio))
        #expect(frames.map(\.conversionRatio) == truth.frames.map(\.conversionRatio))
        #expect(frames.map(\.routes) == truth.frames.map(\.routes))
        // Register-wise maximum and Space-Saving below capacity merge exactly, too.
        #expect(frames.map(\.uniqueSources) == truth.frames.map(\.uniqueSources))
        #expect(frames.map(\.topSources) == truth.frames.map(\.topSources))
        #expect(merged.intervals.count == truth.frames.count)
    }

    /// Fluent Bit's `format json` and Vector's `json` codec without newline framing send one JSON
    /// array of records; a broken array is refused whole, so a retry never counts a line twice.
    @Test func aJSONArrayOfRecordsIsReadAndABrokenOneRefusedWhole() async throws {
        let truth = try await generatedLog(lines: 3000)
        let (frames, broken, after) = try await withReceivers([receiverOptions()]) { receivers, client in
            for start in stride(from: 0, to: truth.lines.count, by: 500) {
                let records = truth.lines[start..<min(start + 500, truth.lines.count)].map(Self.fluentBitRecord)
                let answer = try await post(client, receivers[0].url + "/", Array(("[" + records.joined(separator: ",") + "]").utf8),
                                            contentType: "application/json")
                guard answer.status == 200 else { throw ReceiverTestFailure("answered \(answer.status): \(answer.text)") }
            }
            let frames = try await report(client, receivers[0]).frames()
            let line = Self.fluentBitRecord(truth.lines[0])
            let broken = try await post(client, receivers[0].url + "/", Array("[\(line),\(line)".utf8), contentType: "application/json")
            return (frames, broken, try await report(client, receivers[0]).frames())
        }
        #expect(frames == truth.frames)
        #expect(broken.status == 400)
        #expect(broken.text.hasPrefix("the body starts as a JSON array of records but is not valid JSON"))
        #expect(after == frames)
    }
}
