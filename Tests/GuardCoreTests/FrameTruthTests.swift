import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import Testing

/// The scoring-only frame truth: written and read back, refused when malformed, counted in the
/// replay summary, and never able to change a decision.
@Suite struct FrameTruthTests {
    static let header = ScenarioCatalog.httpFloodBotnet.header

    @Test func truthIsWrittenAndReadBackBesideTheFrame() throws {
        let path = ScenarioTestSupport.temporaryPath("truth")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ScenarioWriter(path: path, header: Self.header)
        let top = [SourceRate(prefix: IPPrefix("5.1.2.0/24")!, rps: 40), SourceRate(prefix: IPPrefix("31.4.5.0/24")!, rps: 3)]
        try writer.write(SignalFrame(t: 0, rps: 100, topSources: top), truth: FrameTruth(legitRps: 57.5, attackTop: [0]))
        try writer.write(SignalFrame(t: 15, rps: 90))
        try writer.close()
        let reader = try ScenarioReader(path: path)
        let first = try #require(try reader.next())
        #expect(first.rps == 100 && first.topSources?.count == 2)
        #expect(reader.truth == FrameTruth(legitRps: 57.5, attackTop: [0]))
        _ = try #require(try reader.next())
        #expect(reader.truth == nil, "a frame without truth has none, not the previous frame's")
    }

    @Test(arguments: [
        ("{\"t\":0,\"rps\":5,\"truth\":{\"attackTop\":[]}}", "truth.legitRps"),
        ("{\"t\":0,\"rps\":5,\"truth\":{\"legitRps\":-1}}", "truth.legitRps"),
        ("{\"t\":0,\"rps\":5,\"truth\":{\"legitRps\":1,\"attackTop\":[1.5]}}", "truth.attackTop"),
        ("{\"t\":0,\"rps\":5,\"truth\":{\"legitRps\":1,\"attackTop\":\"0\"}}", "truth.attackTop"),
    ])
    func malformedTruthIsRefusedNamingItsField(line: String, field: String) throws {
        let path = ScenarioTestSupport.temporaryPath("bad-truth")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = ScenarioWriter.headerLine(Self.header) + "\n" + line + "\n"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        let reader = try ScenarioReader(path: path)
        #expect {
            _ = try reader.next()
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.line == 2 && error.field == field
        }
    }

    /// The truth reaches the summary only: replaying the same frames with a different truth, or
    /// none, gives the same decisions in every frame.
    @Test func truthNeverChangesADecision() throws {
        var synthesizer = ScenarioSynthesizer(ScenarioCatalog.httpFloodBotnet)
        var honest = Replay(header: Self.header), lying = Replay(header: Self.header), blind = Replay(header: Self.header)
        var frames = 0
        while let (frame, truth) = synthesizer.nextScored() {
            let a = honest.step(frame, truth: truth)
            let b = lying.step(frame, truth: FrameTruth(legitRps: frame.rps, attackTop: Array(0..<(frame.topSources?.count ?? 0))))
            let c = blind.step(frame)
            #expect(a.verdict == b.verdict && a.verdict == c.verdict)
            #expect(a.pauseReason == b.pauseReason && a.denied == c.denied && a.replicaCeiling == c.replicaCeiling)
            frames += 1
        }
        #expect(frames > 1000)
        #expect(honest.summary.hasLegitTruth && !blind.summary.hasLegitTruth)
        #expect(honest.summary.legit.guarded.offered < lying.summary.legit.guarded.offered, "the lie counts the flood as users")
    }

    /// Served load is shared pro rata between users and attack; denied users count as shed.
    @Test func legitServedAndShedFollowTheReferenceCluster() throws {
        let flood = ScenarioCatalog.httpFloodBotnet
        var synthesizer = ScenarioSynthesizer(flood)
        var replay = Replay(header: flood.header)
        var offeredLegit = 0.0
        while let (frame, truth) = synthesizer.nextScored() {
            _ = replay.step(frame, truth: truth)
            offeredLegit += truth.legitRps * flood.interval
        }
        let legit = replay.summary.legit
        #expect(abs(legit.guarded.offered - offeredLegit) < 1e-6 * offeredLegit)
        #expect(abs(legit.unguarded.offered - offeredLegit) < 1e-6 * offeredLegit)
        // Served first, users lose nothing to the flood here; had overload turned both sides away alike,
        // the paused cluster (sized for users) would have shed users the unguarded one serves.
        #expect(legit.guarded.shed <= legit.guarded.shedProRata && legit.unguarded.shed <= legit.unguarded.shedProRata)
        #expect(legit.unguarded.shedProRata < legit.guarded.shedProRata)
        #expect(legit.guarded.denied <= legit.guarded.shed)
        let precision = try #require(legit.denyPrecision)
        #expect(precision > 0.9, "the flood's denies are the botnet's")
        #expect(!legit.deniedAttackPrefixes.isEmpty)
    }
}
