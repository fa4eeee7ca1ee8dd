import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import Testing

/// Replays every catalogue scenario through the real engine and checks what the guard did.
@Suite struct CatalogOutcomeTests {
    /// How many frames after onset the first surge verdict may come. A steep attack must be caught
    /// within a minute (4 frames), before the first scale-up step has bought a node (nodes take 90 s).
    /// A low-and-slow ramp has no onset edge; it must be caught within 45 minutes of onset, when it has
    /// climbed an eighth of its way (under the organic rate, about one node's worth), so the guarded
    /// bill never runs far ahead.
    static let detectionBound: [String: Int] = [
        "http-flood-botnet": 4, "small-botnet-few-prefixes": 4, "yoyo-attack": 4, "flash-crowd-with-flood": 4,
        "rate-only-attack": 4, "low-and-slow-cost-ramp": 180,
    ]

    static let attacks = ScenarioCatalog.all.filter(\.isAttack).map(\.name)
    static let organic = ScenarioCatalog.all.filter { !$0.isAttack }.map(\.name)

    @Test func catalogueHoldsTheNamedScenarios() {
        let names = Set(ScenarioCatalog.all.map(\.name))
        for name in ["steady-diurnal", "slow-adoption-growth", "news-flash-crowd", "marketing-email-spike", "scheduled-launch",
                     "http-flood-botnet", "small-botnet-few-prefixes", "yoyo-attack", "low-and-slow-cost-ramp", "bad-deploy",
                     "flash-crowd-with-flood", "organic-growth-into-node-cap", "rate-only-attack", "rate-only-organic-rise"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(ScenarioCatalog.named("bad-deploy")?.isAttack == false, "a bad deploy is our own fault, not an attack")
    }

    @Test(arguments: attacks)
    func attackIsDetectedAndPaused(name: String) async throws {
        let recipe = try #require(ScenarioCatalog.named(name))
        let (generated, result) = try await ScenarioTestSupport.generateAndReplay(recipe)
        let onset = try #require(recipe.truth.onset)
        let surge = result.framesToFirstSurge(after: onset)
        // A surge is held by a pause (the clearest cases) or by the graded response, a ceiling at the
        // organic share; rate-only verdicts are never clear enough to pause outright, so the
        // rate-only attack is held by the ceiling (it was paused before the graded response).
        let pause = result.framesToFirstSurgeHold(after: onset)
        print("\(name): first surge \(surge.map { "+\($0)" } ?? "never") frames after onset, surge pause \(pause.map { "+\($0)" } ?? "never")")
        let bound = try #require(Self.detectionBound[name])
        let delay = try #require(surge, "\(name): no surge verdict after onset")
        #expect(delay <= bound, "\(name): surge \(delay) frames after onset, bound \(bound)")
        let pauseDelay = try #require(pause, "\(name): never held for surge")
        #expect(pauseDelay <= bound)
        // Before the attack, the traffic is organic: no surge pause or surge ceiling.
        let early = result.frames.filter { $0.t < onset && ($0.pauseReason == .surge || $0.surgeCeiling) }
        #expect(early.isEmpty, "\(name): paused for surge \(early.count) frames before onset, first at t=\(early.first?.t ?? 0)")
        try checkDenials(generated, result)
        checkCaps(result)
    }

    @Test(arguments: organic)
    func organicIsNeverPausedForSurge(name: String) async throws {
        let recipe = try #require(ScenarioCatalog.named(name))
        let (_, result) = try await ScenarioTestSupport.generateAndReplay(recipe)
        let surges = result.frames.filter { $0.verdict.class == .surge }
        print("\(name): \(surges.count) surge frames, \(result.surgePauseFrames) surge-paused frames, peak nodes \(result.summary.guarded.peakNodes) guarded / \(result.summary.unguarded.peakNodes) unguarded")
        #expect(result.surgePauseFrames == 0, "\(name): paused for surge, first at t=\(result.frames.first { $0.pauseReason == .surge }?.t ?? -1)")
        let ceilinged = result.frames.contains { $0.surgeCeiling }
        #expect(!ceilinged, "\(name): held by a surge ceiling")
        #expect(result.denied.isEmpty, "\(name): denied \(result.denied.sorted())")
        checkCaps(result)
    }

    @Test func organicGrowthIsHeldAtTheNodeCapByACeiling() async throws {
        let recipe = try #require(ScenarioCatalog.named("organic-growth-into-node-cap"))
        let (_, result) = try await ScenarioTestSupport.generateAndReplay(recipe)
        let maxNodes = try #require(recipe.guardSpec.caps.maxNodes)
        #expect(result.summary.unguarded.peakNodes > maxNodes, "the scenario must need more nodes than the cap")
        #expect(result.summary.guarded.peakNodes == maxNodes, "held at the cap, not below it")
        let held = result.frames.filter { $0.pauseReason == .nodeCap }
        #expect(!held.isEmpty, "the node cap was never what held scale-up")
        #expect(held.allSatisfy { $0.replicaCeiling != nil }, "a cap is held by a replica ceiling")
        #expect(result.surgePauseFrames == 0)
    }

    /// Denied prefixes are the attack's: precision at least 0.9, and never a neverDeny range,
    /// the carrier NAT or another known organic prefix.
    private func checkDenials(_ generated: GeneratedScenario, _ result: ReplayResult) throws {
        let denied = result.denied
        guard !denied.isEmpty else {
            print("\(generated.header.name): nothing denied")
            return
        }
        let truePositives = denied.intersection(generated.attackPrefixes).count
        let precision = Double(truePositives) / Double(denied.count)
        print("\(generated.header.name): denied \(denied.count) prefixes, precision \(precision)")
        #expect(precision >= 0.9, "\(generated.header.name): precision \(precision)")
        let neverDeny = generated.header.guardSpec.actions.denyList.neverDeny
        #expect(!denied.contains { prefix in neverDeny.contains { $0.overlaps(prefix) } })
        #expect(denied.isDisjoint(with: generated.organicPrefixes), "organic prefixes denied: \(denied.intersection(generated.organicPrefixes).sorted())")
        #expect(!denied.contains(generated.carrierNAT))
    }

    private func checkCaps(_ result: ReplayResult) {
        #expect(result.summary.capBreaches == 0)
        #expect(result.capBreachingFrames.isEmpty, "\(result.header.name): caps exceeded at t=\(result.capBreachingFrames.first?.t ?? -1)")
    }
}
