@testable import AccessLogs
import CostGuardAPI
import Foundation
import GuardCore
import Testing

/// The ingested log replays through the decision engine (what `costguard report` runs): the flood
/// is paused, and nothing before it.
@Suite struct ReplayTests {
    @Test func theFloodIsPausedAndNothingBefore() throws {
        let scratch = try Scratch()
        let generator = IngestTests.generator()
        _ = try generator.write(traefik: scratch.path("traefik.log"))
        let result = try ingest([scratch.path("traefik.log")], options: IngestTests.options(.traefik),
                                header: generator.headerJSON(), scratch: scratch)
        var replay = Replay(header: result.header)
        var firstPause: Double?
        for frame in result.frames {
            let step = replay.step(frame)
            if step.paused, firstPause == nil { firstPause = frame.t }
        }
        let pause = try #require(firstPause, "the flood was never paused")
        #expect(pause >= Double(generator.floodStart), "paused at \(pause), before the flood at \(generator.floodStart)")
        #expect(pause <= Double(generator.floodStart) + 300, "paused at \(pause), more than 5 minutes into the flood")
        #expect(replay.summary.firstPauseAt == pause)
        // The heaviest flood /24s are denied; the office NAT (never-deny) is not.
        #expect(!replay.summary.deniedPrefixes.isEmpty)
        #expect(replay.summary.deniedPrefixes.allSatisfy { !IPPrefix("10.0.0.0/8")!.contains($0) })
    }
}
