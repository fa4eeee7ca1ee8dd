import Foundation
import ScenarioCatalog
import Testing
import TestSupport

/// `costguard demo --scenario FILE`: a scenario whose frames name sources is played through the
/// live access-log receiver, and its flood's prefixes are denied in the demo cluster's
/// GlobalNetworkSet; a rate-only scenario is played through the HPA's metric, as recorded.
@Suite struct DemoCommandTests {
    /// The demo's site with a ten-minute flood at 2 h (once the baselines hold two hours), 2.5 h in all.
    static func shortDemo(rateOnly: Bool) throws -> String {
        var recipe = ScenarioCatalog.demo
        recipe.duration = 150 * 60
        recipe.episodes = []
        recipe.attacks[0].shape = .plateau(onset: 120 * 60, rise: 30, end: 130 * 60, fall: 30)
        recipe.rateOnly = rateOnly
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).jsonl").path
        _ = try recipe.write(to: path)
        return path
    }

    static func play(rateOnly: Bool) async throws -> ToolResult {
        let path = try shortDemo(rateOnly: rateOnly)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = path + ".html"
        defer { try? FileManager.default.removeItem(atPath: html) }
        return try await Tool.run(RunProcessTests.executable, ["demo", "--speed", "0", "--scenario", path, "--html", html], timeout: 300)
    }

    @Test func aScenarioWithSourcesIsPlayedThroughTheAccessLogsAndItsFloodDenied() async throws {
        let run = try await Self.play(rateOnly: false)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stdout.contains("writes every request as a Traefik access-log line to the live receiver at http://127.0.0.1:"),
                "\(run.stdout.prefix(600))")
        #expect(run.stdout.contains("GlobalNetworkSet costguard-deny: created with denied"), "\(run.stdout.suffix(3000))")
        #expect(run.stdout.contains("[paused: surge]"))
    }

    @Test func aRateOnlyScenarioIsPlayedThroughTheHPAMetric() async throws {
        let run = try await Self.play(rateOnly: true)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stdout.contains("The scenario's frames name no sources: the guard reads the rate from the HPA's metric"))
        #expect(!run.stdout.contains("access-log line"))
        #expect(!run.stdout.contains("GlobalNetworkSet costguard-deny"))
    }
}
