import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO
import Testing

/// The example scenarios in examples/scenarios (the ones README's commands replay) come out as
/// their truth says.
@Suite struct ExampleScenarioTests {
    static func path(_ name: String) -> String {
        ScenarioTestSupport.exampleScenarios.appendingPathComponent(name).path
    }

    @Test func exampleScenariosAreFound() {
        for name in ["http-flood-botnet.jsonl", "news-flash-crowd.jsonl", "steady-diurnal.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: Self.path(name)), "\(Self.path(name)) is missing")
        }
    }

    @Test func httpFloodIsCaughtWithinAFewFramesAndPaused() async throws {
        let result = try await ScenarioTestSupport.replay(Self.path("http-flood-botnet.jsonl"))
        let onset = try #require(result.header.truth?.onset)
        let surge = try #require(result.framesToFirstSurge(after: onset), "no surge after onset")
        let pause = try #require(result.framesToFirstSurgePause(after: onset), "never paused for surge")
        print("http-flood-botnet: first surge +\(surge) frames after onset, surge pause +\(pause), peak nodes \(result.summary.guarded.peakNodes) guarded / \(result.summary.unguarded.peakNodes) unguarded, denied \(result.denied.count)")
        // A minute: before the first scale-up step's nodes are even ready (90 s).
        #expect(surge <= 4)
        #expect(pause <= 4)
        #expect(result.frames.allSatisfy { $0.t >= onset || $0.pauseReason != .surge }, "paused for surge before the flood")
        #expect(result.summary.guarded.peakNodes < result.summary.unguarded.peakNodes)
        // Nothing that was among the heavy prefixes before the flood is denied during it.
        let before = Set(try Self.topPrefixes(Self.path("http-flood-botnet.jsonl"), until: onset))
        #expect(result.denied.isDisjoint(with: before), "denied organic prefixes: \(result.denied.intersection(before).sorted())")
        Self.checkCaps(result)
    }

    @Test(arguments: ["news-flash-crowd.jsonl", "steady-diurnal.jsonl"])
    func organicIsNeverPausedForSurge(name: String) async throws {
        let result = try await ScenarioTestSupport.replay(Self.path(name))
        print("\(name): \(result.frames.filter { $0.verdict.class == .surge }.count) surge frames, peak nodes \(result.summary.guarded.peakNodes) guarded / \(result.summary.unguarded.peakNodes) unguarded")
        #expect(result.surgePauseFrames == 0)
        #expect(result.denied.isEmpty)
        Self.checkCaps(result)
    }

    static func topPrefixes(_ path: String, until t: Double) throws -> [IPPrefix] {
        let reader = try ScenarioReader(path: path)
        var prefixes: [IPPrefix] = []
        while let frame = try reader.next(), frame.t < t { prefixes += frame.topSources?.map(\.prefix) ?? [] }
        return prefixes
    }

    static func checkCaps(_ result: ReplayResult) {
        #expect(result.summary.capBreaches == 0)
        #expect(result.capBreachingFrames.isEmpty)
    }
}
