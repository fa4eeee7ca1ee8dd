@testable import GuardCore
import ScenarioCatalog
import Testing
import TestSupport

/// Frames as a real ingress counts them (`SignalSet.counted`): the catalogue's exact ratios become
/// counts of each frame's requests, and the decisions that cost users most must not turn on that noise.
@Suite struct CountedSignalsTests {
    static let run = SharedComputation {
        Evaluation.run(families: EvaluationFamily.organic, seeds: Array(EvaluationSeeds.evaluation.prefix(4)), signals: .counted)
    }

    @Test func aCountedRatioStraysByItsBinomialError() throws {
        var random = SplitMix64(seed: 7)
        let frame = SignalFrame(t: 15, rps: 300, clientErrorRatio: 0.02, conversionRatio: 0.032,
                                routes: [RouteShare(route: "/", share: 0.7), RouteShare(route: "/checkout", share: 0.3)],
                                uniqueSources: 3750, newSourceRatio: 0.12)
        var conversions: [Double] = []
        for _ in 0..<4000 {
            let counted = SignalSet.counted.apply(frame, interval: 15, random: &random)
            #expect(counted.t == frame.t && counted.rps == frame.rps)
            #expect(counted.routes?.allSatisfy { (0...1).contains($0.share) } == true)
            conversions.append(try #require(counted.conversionRatio))
        }
        let mean = conversions.reduce(0, +) / Double(conversions.count)
        let spread = (conversions.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(conversions.count)).squareRoot()
        let expected = (0.032 * 0.968 / 4500).squareRoot()
        #expect(abs(mean - 0.032) < 0.0002, "mean \(mean)")
        #expect(abs(spread / expected - 1) < 0.1, "spread \(spread) against the binomial \(expected)")
        #expect(SignalSet.full.apply(frame, interval: 15, random: &random) == frame, "full signals are the frame itself")
    }

    @Test func aCrowdThatMostlyBuysIsNeitherPausedOutrightNorDeniedOnCountedSignals() async {
        let outcomes = await Self.run.value
        #expect(outcomes.count == 4 * EvaluationFamily.organic.count)
        for outcome in outcomes {
            #expect(outcome.costGuard.surgePausedSeconds == 0, "\(outcome.family)-\(outcome.seed) paused outright")
            #expect(outcome.costGuard.deniedLegitPrefixes == 0, "\(outcome.family)-\(outcome.seed) denied \(outcome.costGuard.deniedLegitPrefixes) audience prefixes")
        }
    }

    @Test func mostRequestsBuyingIsNeverTheClearestSurge() {
        var verdict = Verdict(class: .surge, score: 0.95, reasons: [], rateOnly: false, outcomeEvidence: 0.7, changedEvidence: 0.7,
                              predictedRps: 100, usersShare: 0.4)
        #expect(DecisionEngine.isClearest(verdict))
        verdict.usersShare = DecisionEngine.usersShareClear
        #expect(!DecisionEngine.isClearest(verdict))
        verdict.usersShare = nil
        #expect(DecisionEngine.isClearest(verdict), "without a conversion signal the other evidence decides")
    }
}
