import GuardCore
import ScenarioCatalog
import Testing
import TestSupport

/// A CI-sized run of the evaluation catalogue (the first two evaluation seeds of every family, full
/// signals) asserting the levels the classifier reaches there, so that a regression fails CI. The
/// classifier is never tuned on these seeds (docs/classifier.md has the full tables).
@Suite struct EvaluationTargetTests {
    static let run = SharedComputation { Evaluation.run(seeds: Array(EvaluationSeeds.evaluation.prefix(2)), signals: .full) }

    @Test func capsHoldInEveryFrameOfEveryScenario() async {
        let outcomes = await Self.run.value
        for outcome in outcomes { #expect(outcome.costGuard.capBreaches == 0, "\(outcome.family)-\(outcome.seed)") }
    }

    @Test func attacksAreCaughtAndUsersKeepBeingServed() async {
        let outcomes = await Self.run.value
        let attacks = outcomes.filter(\.isAttack)
        let caught = attacks.filter(\.costGuard.caught).count
        let shed = attacks.reduce(0) { $0 + $1.costGuard.legitShedShare } / Double(attacks.count)
        print("evaluation (2 seeds): \(caught) of \(attacks.count) attacks caught, mean legit shed during attacks \(shed)")
        #expect(Double(caught) >= 0.95 * Double(attacks.count))
        #expect(shed <= 0.02)
        let staticCaught = attacks.filter(\.staticGuard.caught).count
        #expect(caught >= staticCaught, "no worse than the static guard: \(caught) against \(staticCaught)")
    }

    @Test func noOrganicScenarioIsPausedOutrightAndNoAudienceIsDenied() async {
        let outcomes = await Self.run.value
        let organic = outcomes.filter { !$0.isAttack }
        // Every family, the rate-only crowd too: a surge judged on the rate alone gets the ceiling.
        for outcome in organic {
            #expect(outcome.costGuard.surgePausedSeconds == 0, "\(outcome.family)-\(outcome.seed) paused outright")
        }
        // No real audience is deny-listed in any family: carrier NATs and proxies behind known
        // prefixes, and crowds from new prefixes whose retries look like a flood (a deny entry
        // needs the verdict an outright pause needs).
        for outcome in organic {
            #expect(outcome.costGuard.deniedLegitPrefixes == 0, "\(outcome.family)-\(outcome.seed) denied an audience")
        }
        let shed = organic.reduce(0) { $0 + $1.costGuard.legitShedShare } / Double(organic.count)
        let staticShed = organic.reduce(0) { $0 + $1.staticGuard.legitShedShare } / Double(organic.count)
        print("evaluation (2 seeds): mean legit shed on organic \(shed), static guard \(staticShed)")
        #expect(shed < staticShed, "a wrong call costs users less than the static guard's")
        #expect(shed <= 0.02)
    }

    /// Where conversion says which requests behave like users, a misjudged crowd keeps being
    /// served: the guard sheds at most 2 points more of it than no guard at all (what late
    /// capacity sheds anyway). With the rate alone there is nothing to tell users by.
    @Test func aMisjudgedCrowdThatBuysAsUsersDoIsServed() async {
        let outcomes = await Self.run.value
        for outcome in outcomes where !outcome.isAttack && !outcome.rateOnly {
            let added = outcome.costGuard.legitShedShare - outcome.unguardedLegitShedShare
            #expect(added <= 0.02, "\(outcome.family)-\(outcome.seed): \(added) more shed than unguarded")
        }
    }

    /// Audiences the classifier must not take for a surge at all: people behind carrier NAT or an
    /// office proxy who buy as usual, and a crowd whose clients retry the usual pages (the same
    /// requests again, conversion per client as usual).
    @Test func audiencesThatBuyOrRetryGetNoSurgeVerdict() async {
        let outcomes = await Self.run.value
        let families: Set = ["cgnat-audience", "corporate-proxy-audience", "flash-crowd-with-retries"]
        let judged = outcomes.filter { families.contains($0.family) }
        #expect(judged.count == 2 * families.count)
        for outcome in judged {
            #expect(outcome.costGuard.surgeCeilingSeconds == 0, "\(outcome.family)-\(outcome.seed) held at a surge ceiling")
        }
    }

    /// The graded response does not buy the attack instead: over all attacks, the guard pays for
    /// at most a tenth of what the attacks added to an unguarded bill.
    @Test func attacksBuyLittleOfTheirCost() async {
        let outcomes = await Self.run.value
        let spend = outcomes.compactMap { $0.attackSpend($0.costGuard) }
        let cost = spend.reduce(0) { $0 + $1.cost }
        #expect(cost > 0)
        let bought = spend.reduce(0) { $0 + $1.paid } / cost
        print("evaluation (2 seeds): attacks' added spend bought \(bought)")
        #expect(bought <= 0.1)
    }
}
