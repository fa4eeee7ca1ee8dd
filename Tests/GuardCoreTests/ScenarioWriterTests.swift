import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import Testing

@Suite struct ScenarioWriterTests {
    static func header(truth: ScenarioHeader.Truth?) -> ScenarioHeader {
        ScenarioHeader(name: "round-trip", interval: 15, start: Date(timeIntervalSince1970: 1_775_433_600),
                       cluster: ReferenceSetup.cluster, workload: ReferenceSetup.workload,
                       guardSpec: ReferenceSetup.guardSpec(maxNodes: 42, maxHourlySpend: "9.50"), truth: truth)
    }

    static let frames: [SignalFrame] = [
        SignalFrame(t: 0, rps: 196.22, clientErrorRatio: 0.018, conversionRatio: 0.032,
                    routes: [RouteShare(route: "/", share: 0.3), RouteShare(route: "/search \"q\"", share: 0.16)],
                    uniqueSources: 2452, newSourceRatio: 0.12,
                    topSources: [SourceRate(prefix: IPPrefix("198.51.100.0/24")!, rps: 41.7),
                                 SourceRate(prefix: IPPrefix("2001:db8:4::/48")!, rps: 0.1 + 0.2)]),
        SignalFrame(t: 15, rps: 1e-7),
        SignalFrame(t: 30, rps: 3254.3, conversionRatio: 0.00262, routes: [], newSourceRatio: 0.9095, topSources: []),
        SignalFrame(t: 45, rps: 12.5, clientErrorRatio: 0, uniqueSources: 7),
    ]

    private func writeAndRead(_ header: ScenarioHeader, _ frames: [SignalFrame]) throws -> (ScenarioHeader, [SignalFrame], String) {
        let path = ScenarioTestSupport.temporaryPath("writer")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ScenarioWriter(path: path, header: header, bufferSize: 64)
        for frame in frames { try writer.write(frame) }
        try writer.close()
        let reader = try ScenarioReader(path: path)
        var read: [SignalFrame] = []
        while let frame = try reader.next() { read.append(frame) }
        return (reader.header, read, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func roundTripsHeaderAndFrames() throws {
        let header = Self.header(truth: .init(class: "attack", onset: 18000, end: 20700))
        let (readHeader, readFrames, _) = try writeAndRead(header, Self.frames)
        #expect(readHeader == header)
        #expect(readFrames == Self.frames)
    }

    @Test func truthIsOptional() throws {
        let (readHeader, _, text) = try writeAndRead(Self.header(truth: nil), [SignalFrame(t: 0, rps: 1)])
        #expect(readHeader.truth == nil)
        #expect(!text.contains("truth"))
    }

    @Test func writesTheSpecKeysAndOmitsMissingFields() throws {
        let (_, _, text) = try writeAndRead(Self.header(truth: nil), Self.frames)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + Self.frames.count)
        #expect(lines[1] == #"{"t":0,"rps":196.22,"clientErrorRatio":0.018,"conversionRatio":0.032,"routes":{"/":0.3,"/search \"q\"":0.16},"sources":{"unique":2452,"newRatio":0.12,"top":[{"prefix":"198.51.100.0/24","rps":41.7},{"prefix":"2001:db8:4::/48","rps":0.30000000000000004}]}}"#)
        #expect(lines[2] == #"{"t":15,"rps":1e-07}"#)
        #expect(lines[4] == #"{"t":45,"rps":12.5,"clientErrorRatio":0,"sources":{"unique":7}}"#)
        // Each line is plain JSON that any reader accepts.
        for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
    }

    @Test func unwritablePathIsAnIOError() {
        let path = "/nonexistent-\(UUID().uuidString)/scenario.jsonl"
        #expect(throws: ScenarioError.self) { try ScenarioWriter(path: path, header: Self.header(truth: nil)) }
        do {
            _ = try ScenarioWriter(path: path, header: Self.header(truth: nil))
        } catch {
            #expect(error.code == .io)
            #expect(error.description.contains(path))
        }
    }

    @Test func generatedScenarioRoundTrips() throws {
        var recipe = ScenarioCatalog.flashCrowdWithFlood
        recipe.duration = 4 * 3600
        let path = ScenarioTestSupport.temporaryPath("generated")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let generated = try recipe.write(to: path)
        var synthesizer = ScenarioSynthesizer(recipe)
        let reader = try ScenarioReader(path: path)
        #expect(reader.header == recipe.header)
        var count = 0
        while let frame = try reader.next() {
            #expect(frame == synthesizer.next())
            count += 1
        }
        #expect(synthesizer.next() == nil)
        #expect(count == generated.frames)
        #expect(count == 960)
    }
}
