import AccessLogs
@testable import AccessLogsServe
import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

/// What the receiver refuses, skips and bounds: every answer over real HTTP.
@Suite struct LimitsTests {
    static func traefikLine(_ address: String, time: String, status: Int = 200, path: String = "/product/1") -> String {
        #"{"ClientHost":"\#(address)","StartUTC":"\#(time)","RequestMethod":"GET","RequestPath":"\#(path)","DownstreamStatus":\#(status),"RouterName":"shop@kubernetes"}"#
    }

    @Test func aBodyOverTheLimitIs413AndCounted() async throws {
        var options = receiverOptions()
        options.maxBodyBytes = 4096
        let (answer, small, metrics) = try await withReceivers([options]) { receivers, client in
            let line = Self.traefikLine("203.0.113.9", time: "2026-03-02T08:00:01Z") + "\n"
            let large = try await post(client, receivers[0].url + "/", Array(String(repeating: line, count: 100).utf8), contentType: "application/x-ndjson")
            let small = try await post(client, receivers[0].url + "/", Array(line.utf8), contentType: "application/x-ndjson")
            return (large, small, try await get(client, receivers[0].url + "/metrics").text)
        }
        #expect(answer.status == 413)
        #expect(answer.text == "the body is larger than the receiver's limit of 4096 bytes (--max-body); send smaller batches\n")
        #expect(small.status == 200)
        #expect(small.text == "accepted 1, skipped 0\n")
        #expect(metrics.contains("costguard_ingest_requests_dropped_total{reason=\"too_large\"} 1"))
        #expect(metrics.contains("costguard_ingest_requests_total{route=\"/\",code=\"413\"} 1"))
    }

    @Test func malformedBodiesAre400WithTheReason() async throws {
        let answers = try await withReceivers([receiverOptions()]) { receivers, client in
            let url = receivers[0].url + "/v1/logs"
            return [
                try await post(client, url, [0x0A, 0xFF, 0xFF, 0xFF], contentType: "application/x-protobuf"),
                try await post(client, url, Array(#"{"resourceLogs":[{"scopeLogs":"#.utf8), contentType: "application/json"),
                try await post(client, url, Array("x".utf8), contentType: "text/plain"),
                try await post(client, url, [0x1F, 0x8B, 0x08, 0x00, 0x01], contentType: "application/x-protobuf", headers: [("Content-Encoding", "gzip")]),
                try await get(client, receivers[0].url + "/v1/intervals?since=yesterday"),
            ]
        }
        #expect(answers.map(\.status) == [400, 400, 415, 400, 400])
        #expect(answers[0].text.hasPrefix("the body is not an OTLP ExportLogsServiceRequest in protobuf: "))
        #expect(answers[1].text.hasPrefix("the body is not an OTLP ExportLogsServiceRequest in JSON: "))
        #expect(answers[2].text.hasPrefix("POST /v1/logs takes Content-Type application/x-protobuf or application/json"))
        #expect(answers[3].text.hasPrefix("the gzip body cannot be read: "))
        #expect(answers[4].text.hasPrefix("since=yesterday is not a number of seconds"))
    }

    /// Bad lines are skipped by reason, never fatal: the good line in the same body is used.
    @Test func badLinesAreSkippedByReason() async throws {
        let lines = [
            "not json at all",
            #"{"ClientHost":"203.0.113.9"}"#,
            Self.traefikLine("999.1.1.1", time: "2026-03-02T08:00:01Z"),
            Self.traefikLine("203.0.113.9", time: "yesterday"),
            Self.traefikLine("203.0.113.9", time: "2026-03-02T08:00:02Z"),
            Self.traefikLine("203.0.113.9", time: "2026-03-02T07:50:00Z"),
            Self.traefikLine("203.0.113.9", time: "2099-01-01T00:00:00Z"),
            #"{"log":12,"ClientHost":"203.0.113.9"}"#,
            "",
        ]
        let (answer, metrics, report) = try await withReceivers([receiverOptions()]) { receivers, client in
            let answer = try await post(client, receivers[0].url + "/", Array(lines.joined(separator: "\r\n").utf8), contentType: "application/x-ndjson")
            return (answer, try await get(client, receivers[0].url + "/metrics").text, try await AccessLogsServeTests.report(client, receivers[0]))
        }
        #expect(answer.status == 200)
        #expect(answer.text == "accepted 1, skipped 7\n")
        for (reason, count) in [("not_json", 1), ("missing_field", 2), ("bad_address", 1), ("bad_time", 1), ("late", 1), ("ahead", 1)] {
            #expect(metrics.contains("costguard_ingest_lines_skipped_total{reason=\"\(reason)\"} \(count)\n"), "\(reason)")
        }
        #expect(metrics.contains("# HELP costguard_ingest_lines_skipped_total Lines the receiver could not use, by reason; never fatal."))
        #expect(report.intervals.map(\.sketch.requests) == [1])
    }

    /// A flood of distinct addresses over many intervals: the intervals held and every sketch's
    /// entries stay within their bounds, and the sources are still counted.
    @Test func aFloodOfDistinctAddressesStaysBounded() async throws {
        var ingest = testIngestOptions
        ingest.prefixCapacity = 64
        ingest.addressCapacity = 256
        ingest.maxLateness = 15
        let keep = 4
        let intervals = 10, perInterval = 4000
        let bodies: [[UInt8]] = await onLowPriorityThread {
            let formatter = ISO8601DateFormatter()
            return (0..<intervals).map { interval in
                let start = 1_772_438_400 + interval * 15
                return Array((0..<perInterval).map { index -> String in
                    let n = interval * perInterval + index
                    // A /24 of its own for every address: the heavy-hitter counters fill up too.
                    let address = "10.\(n & 255).\(n >> 8 & 255).\(n >> 16 & 255 + 1)"
                    let second = start + index * 15 / perInterval
                    let time = formatter.string(from: Date(timeIntervalSince1970: Double(second)))
                    return Self.traefikLine(address, time: time)
                }.joined(separator: "\n").utf8)
            }
        }
        let (held, entries, report) = try await withReceivers([ReceiverOptions(ingest: ingest, keep: keep)]) { receivers, client in
            for body in bodies {
                let answer = try await post(client, receivers[0].url + "/", body, contentType: "application/x-ndjson")
                guard answer.status == 200 else { throw ReceiverTestFailure("answered \(answer.status)") }
            }
            return (await receivers[0].state.intervalsHeld, await receivers[0].state.entriesHeld,
                    try await AccessLogsServeTests.report(client, receivers[0]))
        }
        #expect(held == keep)
        #expect(entries <= keep * (64 + 256))
        #expect(report.intervals.map(\.sketch.requests) == Array(repeating: perInterval, count: keep))
        for interval in report.intervals {
            #expect(abs(interval.sketch.sources.estimate - Double(perInterval)) < 0.03 * Double(perInterval))
            #expect(interval.sketch.prefixes.counters.count == 64)
            #expect(interval.sketch.addresses.counts.count <= 256)
        }
        #expect(report.intervals.map(\.closed) == [true, true, false, false])
    }

    /// A body still arriving holds the only slot: the next request is refused at once with 503 and
    /// Retry-After (counted), and the slow body is still taken when it ends.
    @Test func aBusyReceiverAnswers503WithRetryAfter() async throws {
        var options = receiverOptions()
        options.maxInFlight = 1
        let line = Self.traefikLine("203.0.113.9", time: "2026-03-02T08:00:01Z") + "\n"
        let (busy, slow, metrics) = try await withReceivers([options]) { receivers, client in
            let (stream, feed) = AsyncStream<ByteBuffer>.makeStream()
            var request = HTTPClientRequest(url: receivers[0].url + "/")
            request.method = .POST
            request.body = .stream(stream, length: .unknown)
            let held = request
            let slow = Task { () throws -> Int in
                let response = try await client.execute(held, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 16)
                return Int(response.status.code)
            }
            feed.yield(ByteBuffer(string: line))
            var busy: Answer?
            for _ in 0..<300 where busy == nil {
                let answer = try await post(client, receivers[0].url + "/", Array(line.utf8), contentType: "application/x-ndjson")
                if answer.status == 503 { busy = answer } else { try await Task.sleep(for: .milliseconds(10)) }
            }
            feed.yield(ByteBuffer(string: line))
            feed.finish()
            let status = try await slow.value
            return (busy, status, try await get(client, receivers[0].url + "/metrics").text)
        }
        #expect(busy?.headers["retry-after"] == "1")
        #expect(busy?.text == "the receiver is at its limit of 1 bodies in flight (--max-in-flight); retry after 1 s\n")
        #expect(slow == 200)
        #expect(metrics.contains("costguard_ingest_requests_dropped_total{reason=\"busy\"} "))
    }

    @Test func theGateRefusesPastItsLimit() {
        let gate = InFlightGate(limit: 2)
        #expect(gate.enter())
        #expect(gate.enter())
        #expect(!gate.enter())
        gate.leave()
        #expect(gate.enter())
    }

    @Test func probesAndMetricsAnswer() async throws {
        let answers = try await withReceivers([receiverOptions()]) { receivers, client in
            [try await get(client, receivers[0].url + "/healthz"), try await get(client, receivers[0].url + "/readyz"),
             try await get(client, receivers[0].url + "/metrics")]
        }
        #expect(answers.map(\.status) == [200, 200, 200])
        #expect(answers[2].headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        for family in ["costguard_ingest_lines_total", "costguard_ingest_bytes_total", "costguard_ingest_lines_skipped_total",
                       "costguard_ingest_intervals_held", "costguard_ingest_sketch_entries_held"] {
            #expect(answers[2].text.contains("# HELP \(family) "), "\(family)")
        }
    }
}
