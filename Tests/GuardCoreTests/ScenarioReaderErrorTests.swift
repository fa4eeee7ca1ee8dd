import Foundation
@testable import GuardCore
import ScenarioIO
import Testing

/// Malformed scenario lines are errors that name the line and the field, never crashes.
@Suite struct ScenarioReaderErrorTests {
    static let header = #"{"scenario":1,"name":"t","interval":15,"start":"2026-03-02T00:00:00Z","cluster":{"nodes":2,"minNodes":1,"maxNodes":10,"podsPerNode":10,"nodeHourlyPrice":0.2,"nodeProvisionSeconds":90,"nodeScaleDownSeconds":600},"workload":{"namespace":"a","name":"b","minReplicas":1,"maxReplicas":10,"rpsPerPod":10,"targetUtilization":0.5,"podStartSeconds":30,"scaleDownStabilizationSeconds":300},"guard":{}}"#

    func readAll(_ lines: [String]) throws -> [SignalFrame] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID()).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ScenarioReader(path: path, bufferSize: 64)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    @Test func readsFramesAcrossBufferRefillsWithEveryField() throws {
        let frames = try readAll([Self.header,
            #"{"t":0,"rps":10.5,"clientErrorRatio":0.02,"conversionRatio":0.03,"routes":{"/":0.6,"/a\"b":0.4},"sources":{"unique":12,"newRatio":0.1,"top":[{"prefix":"198.51.100.0/24","rps":4.25},{"prefix":"2001:db8:4::/48","rps":1e-1}]},"extra":{"ignored":[1,2,{"x":null}]}}"#,
            #"{"t":15,"rps":11}"#, ""])
        #expect(frames.count == 2)
        #expect(frames[0].rps == 10.5)
        #expect(frames[0].routes?.map(\.route) == ["/", "/a\"b"])
        #expect(frames[0].topSources?.map(\.prefix.description) == ["198.51.100.0/24", "2001:db8:4::/48"])
        #expect(frames[0].topSources?.last?.rps == 0.1)
        #expect(frames[0].uniqueSources == 12 && frames[0].newSourceRatio == 0.1)
        #expect(frames[1].conversionRatio == nil && frames[1].topSources == nil)
    }

    @Test(arguments: [
        (#"{"t":0}"#, "line 2: rps: is missing"),
        (#"{"rps":1}"#, "line 2: t: is missing"),
        (#"{"t":0,"rps":-3}"#, "line 2: rps: -3.0 is negative"),
        (#"{"t":0,"rps":1e20}"#, "line 2: rps: 1e+20 requests/s is beyond any plausible rate (at most 1e9)"),
        (#"{"t":0,"rps":1,"clientErrorRatio":1.5}"#, "line 2: clientErrorRatio: 1.5 is not a ratio"),
        (#"{"t":0,"rps":1,"sources":{"top":[{"prefix":"300.1.1.0/24","rps":1}]}}"#, "line 2: sources.top[0]: prefix is not a CIDR"),
        (#"{"t":0,"rps":"many"}"#, "line 2: rps: expected a number"),
        (#"{"t":0,"rps":1"#, "line 2: rps: expected ',' or '}' at column 15"),
        (#"{"t":0,"rps":1} trailing"#, "line 2: frame: text follows the frame object"),
    ])
    func badFramesNameLineAndField(line: String, message: String) {
        do {
            _ = try readAll([Self.header, line])
            Issue.record("accepted \(line)")
        } catch {
            #expect("\(error)".hasPrefix(message), "got: \(error)")
        }
    }

    @Test func framesMustFollowByTheInterval() {
        do {
            _ = try readAll([Self.header, #"{"t":0,"rps":1}"#, #"{"t":30,"rps":1}"#])
            Issue.record("accepted a gap")
        } catch {
            #expect("\(error)".hasPrefix("line 3: t: 30 does not follow 0 by the interval 15"), "got: \(error)")
        }
    }

    @Test func badHeaderNamesItsFields() {
        do {
            _ = try readAll([#"{"scenario":1,"interval":15,"start":"yesterday","cluster":{},"workload":{},"guard":{"caps":{"maxHourlySpend":"12,00"}}}"#])
            Issue.record("accepted")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("line 1:"))
            #expect(text.contains("header.start: \"yesterday\" is not an RFC 3339 time"))
            #expect(text.contains("header.cluster.nodes: is missing"))
            #expect(text.contains("header.guard.caps.maxHourlySpend: \"12,00\" is not a decimal amount"))
        }
    }

    func writeLines(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID()).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The replay parses on a second thread: frames still arrive in order, and an error comes
    /// after every frame before it, naming its line.
    @Test func replayEmitsEveryGoodFrameThenTheError() throws {
        var lines = [Self.header]
        for index in 0..<3000 { lines.append(#"{"t":\#(index * 15),"rps":\#(100 + index % 7)}"#) }
        lines.append(#"{"t":45000,"rps":"oops"}"#)
        let path = try writeLines(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen: [Double] = []
        do {
            _ = try Replay.run(try ScenarioReader(path: path)) { seen.append($0.t) }
            Issue.record("accepted a bad line")
        } catch {
            #expect("\(error)".hasPrefix("line 3002: rps: expected a number"), "got: \(error)")
        }
        #expect(seen == (0..<3000).map { Double($0 * 15) })
    }

    @Test func replayStopsWhenTheConsumerFails() throws {
        var lines = [Self.header]
        for index in 0..<20000 { lines.append(#"{"t":\#(index * 15),"rps":100}"#) }
        let path = try writeLines(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        struct Stop: Error {}
        var count = 0
        #expect(throws: Stop.self) {
            _ = try Replay.run(try ScenarioReader(path: path)) { _ in
                count += 1
                if count == 10 { throw Stop() }
            }
        }
        #expect(count == 10)
    }
}
