import GuardCore
import ScenarioCatalog
import Testing

/// The evaluation catalogue: families with randomized parameters, two seed sets kept apart.
@Suite struct EvaluationCatalogueTests {
    @Test func seedSetsAreDisjoint() {
        #expect(Set(EvaluationSeeds.tuning).isDisjoint(with: EvaluationSeeds.evaluation))
        #expect(EvaluationSeeds.tuning.count >= 6 && EvaluationSeeds.evaluation.count >= 6)
    }

    @Test func familiesAreNamedOnceAndCoverTheIssuesKinds() {
        let names = EvaluationFamily.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in ["diurnal-mimic-flood", "slow-ramp", "cgnat-audience", "flash-crowd-with-retries", "rate-only-flash-crowd",
                     "pulse-wave", "carpet-bombing", "residential-proxy-botnet", "scraping-bots", "credential-stuffing",
                     "tv-ad-crowd", "ticket-drop", "launch-into-cap", "retry-storm-after-outage", "corporate-proxy-audience",
                     "mobile-carrier-shift"] {
            #expect(names.contains(name), "missing \(name)")
        }
    }

    /// A seed fixes a scenario; another seed draws other parameters.
    @Test(arguments: EvaluationFamily.all.map(\.name))
    func seedsDrawDifferentScenarios(name: String) throws {
        let family = try #require(EvaluationFamily.all.first { $0.name == name })
        var first = ScenarioSynthesizer(family.recipe(seed: 11)), again = ScenarioSynthesizer(family.recipe(seed: 11))
        var other = ScenarioSynthesizer(family.recipe(seed: 12))
        var same = true, differs = false
        for _ in 0..<400 {
            guard let a = first.next(), let b = again.next(), let c = other.next() else { break }
            same = same && a == b
            differs = differs || a.rps != c.rps
        }
        #expect(same && differs)
        let recipe = family.recipe(seed: 11)
        #expect(recipe.isAttack == family.isAttack)
        let onset = try #require(recipe.truth.onset)
        #expect(onset > 2 * 3600 && onset < recipe.duration, "history before the onset, and the onset inside the run")
    }

    /// Attack truth marks attack traffic; organic scenarios have none.
    @Test func truthSeparatesAttackFromUsers() throws {
        let flood = try #require(EvaluationFamily.all.first { $0.name == "http-flood" })
        var synthesizer = ScenarioSynthesizer(flood.recipe(seed: 11))
        let onset = try #require(flood.recipe(seed: 11).truth.onset)
        var attackSeen = false
        while let (frame, truth) = synthesizer.nextScored() {
            #expect(truth.legitRps <= frame.rps)
            if frame.t < onset { #expect(truth.attackTop.isEmpty && truth.legitRps == frame.rps) }
            if frame.t > onset + 300, frame.t < onset + 900 { attackSeen = attackSeen || (!truth.attackTop.isEmpty && truth.legitRps < frame.rps / 2) }
        }
        #expect(attackSeen)
    }
}
