import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import Testing

/// The engine's fail-static path as a backtest drives it: evaluations without a frame start no
/// surge pause, and a pause in force runs out its hold-down.
struct FailStaticTests {
    static func floodFrames() throws -> (ScenarioHeader, [SignalFrame]) {
        // A file per call: the tests of this suite run in parallel.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-failstatic-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let generated = try ScenarioCatalog.httpFloodBotnet.write(to: path)
        let reader = try ScenarioReader(path: path)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return (generated.header, frames)
    }

    @Test("signals lost at the flood's onset: no surge pause, where with signals there is one")
    func noPauseWithoutSignals() throws {
        let (header, frames) = try Self.floodFrames()
        let onset = try #require(header.truth?.onset)
        var withSignals = Replay(header: header)
        var withoutSignals = Replay(header: header)
        var pausedWith = false, pausedWithout = false
        for frame in frames {
            pausedWith = withSignals.step(frame).pauseReason == .surge || pausedWith
            let result = frame.t < onset ? withoutSignals.step(frame) : withoutSignals.stepWithoutSignals(t: frame.t)
            pausedWithout = result.pauseReason == .surge || pausedWithout
            if frame.t >= onset { #expect(result.verdict.reasons.contains(.noSignals)) }
        }
        #expect(pausedWith)
        #expect(!pausedWithout)
    }

    @Test("signals lost during a surge pause: the pause holds for its hold-down, then ends")
    func pauseRunsOutItsHoldDown() throws {
        let (header, frames) = try Self.floodFrames()
        var replay = Replay(header: header)
        var lostAt: Double?
        var lastPaused: Double?
        for frame in frames {
            if lostAt != nil {
                if replay.stepWithoutSignals(t: frame.t).pauseReason == .surge { lastPaused = frame.t }
            } else if replay.step(frame).pauseReason == .surge {
                lostAt = frame.t
            }
        }
        let lost = try #require(lostAt)
        let held = try #require(lastPaused)
        let holdDown = header.guardSpec.detection.holdDown.seconds
        // Paused on through the hold-down after the last surge frame, and not a step longer.
        #expect(held >= lost + holdDown - header.interval - 1e-9)
        #expect(held < lost + holdDown + header.interval)
    }
}
