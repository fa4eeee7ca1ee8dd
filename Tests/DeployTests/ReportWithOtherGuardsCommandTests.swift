import Foundation
import Testing
import TestSupport

/// `costguard report --also-guard FILE`: another guard on the same workload, its claims merged
/// with the scenario's guard's as the operator merges them on an HPA.
@Suite struct ReportWithOtherGuardsCommandTests {
    static let executable = RunProcessTests.executable
    static let scenario = Repo.path("examples/scenarios/news-flash-crowd.jsonl")

    func guardFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("also-guard-\(UUID().uuidString).yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aTighterGuardsCeilingHoldsAndIsNamed() async throws {
        let tight = try guardFile("""
            apiVersion: costguard.dev/v1alpha1
            kind: CostGuard
            metadata: {name: team-cap}
            spec: {mode: Enforce, caps: {maxNodes: 7}}
            """)
        let alone = try await Tool.run(Self.executable, ["report", "--scenario", Self.scenario, "--format", "json"], timeout: 120)
        let merged = try await Tool.run(Self.executable, ["report", "--scenario", Self.scenario, "--format", "json", "--also-guard", tight],
                                        timeout: 120)
        #expect(alone.status == 0 && merged.status == 0, "\(alone.output)\n\(merged.output)")
        func frames(_ output: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            return object?["frames"] as? [[String: Any]] ?? []
        }
        let aloneFrames = try frames(alone.stdout), mergedFrames = try frames(merged.stdout)
        #expect(aloneFrames.count == mergedFrames.count && !aloneFrames.isEmpty)
        let peakAlone = aloneFrames.compactMap { $0["nodes"] as? Int }.max() ?? 0
        #expect(peakAlone > 7, "the crowd must outgrow the other guard's cap alone: \(peakAlone)")
        #expect(mergedFrames.allSatisfy { ($0["nodes"] as? Int ?? .max) <= 7 })
        let held = mergedFrames.filter { $0["replicaCeiling"] is Int }
        #expect(!held.isEmpty && held.allSatisfy { $0["ceilingBy"] as? String == "team-cap" })
        // One guard's report names no holder: its JSON is as it was.
        #expect(aloneFrames.allSatisfy { $0["ceilingBy"] == nil && $0["actionsBy"] == nil })

        // Each guard's decisions under its name, and a summary per guard.
        let acted = mergedFrames.compactMap { $0["actionsBy"] as? [String: [String]] }
        #expect(acted.contains { $0["team-cap"]?.contains { $0.hasPrefix("set maxReplicas of shop/web") } == true }, "\(acted.prefix(3))")
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        let guards = try #require(summary["guards"] as? [[String: Any]])
        #expect(guards.compactMap { $0["name"] as? String } == ["scenario", "team-cap"])
        let teamCap = guards[1]
        let heldSeconds = Double(held.count) * 15
        #expect(teamCap["ceilingInForceSeconds"] as? Double == heldSeconds, "every held frame's ceiling is team-cap's")
        #expect(guards[0]["ceilingInForceSeconds"] as? Double == 0)
        #expect((teamCap["pausedSeconds"] as? Double ?? 0) == summary["pausedSeconds"] as? Double,
                "the scenario's guard pauses nothing here: every pause is team-cap's")

        let markdown = try await Tool.run(Self.executable, ["report", "--scenario", Self.scenario, "--format", "markdown", "--also-guard", tight],
                                          timeout: 120)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("### Guards"))
        #expect(markdown.stdout.contains("| team-cap | "), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("| team-cap: set maxReplicas of shop/web"), "the decisions name the guard that made them")
        #expect(!markdown.stdout.contains("No action was needed"), "the cluster was held: someone decided something")
    }

    @Test func aBadOtherGuardNamesTheFileAndTheField() async throws {
        let bad = try guardFile("apiVersion: costguard.dev/v1alpha1\nkind: CostGuard\nmetadata: {name: x}\nspec: {caps: {maxNodes: -1}}\n")
        let result = try await Tool.run(Self.executable, ["report", "--scenario", Self.scenario, "--also-guard", bad], timeout: 60)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("\(bad): ") && result.stderr.contains("caps.maxNodes"), "\(result.output)")
    }
}
