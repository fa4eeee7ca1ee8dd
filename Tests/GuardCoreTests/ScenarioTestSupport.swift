import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import TestSupport

/// Shared by the scenario tests: temp files, replays kept frame by frame, the example files.
enum ScenarioTestSupport {
    /// `<repo>/examples/scenarios`: the catalogue's scenarios that README's commands replay,
    /// committed so a clone of the repository has them (ExampleScenarioFileTests keeps them current).
    static var exampleScenarios: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/scenarios")
    }

    /// The catalogue recipes written to examples/scenarios, each as `<name>.jsonl`.
    static let exampleRecipes = [ScenarioCatalog.httpFloodBotnet, ScenarioCatalog.newsFlashCrowd, ScenarioCatalog.steadyDiurnal]

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("costguard-\(name)-\(UUID().uuidString).jsonl").path
    }

    /// Replays a scenario file and keeps every frame's result. The replay computes for seconds: it
    /// runs off the cooperative pool (TestSupport's CPUBoundWork.swift says why).
    static func replay(_ path: String) async throws -> ReplayResult {
        try await onLowPriorityThread { try replayHere(path) }
    }

    /// Generates a catalogue scenario to a temp file, replays it and removes the file, off the pool.
    static func generateAndReplay(_ recipe: ScenarioRecipe) async throws -> (GeneratedScenario, ReplayResult) {
        try await onLowPriorityThread {
            let path = temporaryPath(recipe.name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let generated = try recipe.write(to: path)
            return (generated, try replayHere(path))
        }
    }

    private static func replayHere(_ path: String) throws -> ReplayResult {
        var frames: [ReplayFrame] = []
        let reader = try ScenarioReader(path: path)
        let summary = try Replay.run(reader) { frames.append($0) }
        return ReplayResult(header: reader.header, summary: summary, frames: frames)
    }
}

struct ReplayResult {
    var header: ScenarioHeader
    var summary: ReplaySummary
    var frames: [ReplayFrame]

    var interval: Double { header.interval }

    /// Frames from the truth's onset to the first surge verdict at or after it.
    func framesToFirstSurge(after onset: Double) -> Int? {
        frames.first { $0.t >= onset && $0.verdict.class == .surge }.map { Int((($0.t - onset) / interval).rounded()) }
    }

    func framesToFirstSurgePause(after onset: Double) -> Int? {
        frames.first { $0.t >= onset && $0.pauseReason == .surge }.map { Int((($0.t - onset) / interval).rounded()) }
    }

    /// Frames from onset to the first frame held for a surge, by a pause or by a surge ceiling.
    func framesToFirstSurgeHold(after onset: Double) -> Int? {
        frames.first { $0.t >= onset && ($0.pauseReason == .surge || $0.surgeCeiling) }.map { Int((($0.t - onset) / interval).rounded()) }
    }

    var surgePauseFrames: Int { frames.filter { $0.pauseReason == .surge }.count }

    /// Every prefix that was on the deny list in some frame.
    var denied: Set<IPPrefix> { Set(frames.flatMap(\.denied)) }

    /// Frames whose requested nodes or hourly spend went over a cap of the guard.
    var capBreachingFrames: [ReplayFrame] {
        let caps = header.guardSpec.caps
        return frames.filter { frame in
            if let maxNodes = caps.maxNodes, frame.guarded.nodes > maxNodes { return true }
            if let spend = caps.maxHourlySpend?.double, frame.guarded.hourlySpend > spend + 1e-9 { return true }
            return false
        }
    }
}
