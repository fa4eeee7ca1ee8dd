import CostGuardAPI
import Foundation
@testable import GuardCore
import Testing

/// The slow ramp against the quality of ordinary days: a ramp that grows past the day's curve
/// drags the 1-hour quality baselines along with it, so it is also judged against the conversion
/// and new-source ratios of ordinary days (learned only at the day's usual rate).
@Suite struct SlowRampClassifierTests {
    /// A day of steady traffic on a smooth daily curve, then `hours` more in which `extra(h)`
    /// requests per second arrive on top (h: hours since the ramp began), converting at
    /// `extraConversion` and new at `extraNew`.
    static func verdicts(hours: Double, extraConversion: Double, extraNew: Double, extra: (Double) -> Double) -> [Verdict] {
        let interval = 60.0
        var classifier = SurgeClassifier(settings: .init(interval: interval, detection: CostGuardSpec.Detection()))
        var verdicts: [Verdict] = []
        let end = 86_400 + hours * 3600
        for t in stride(from: 0.0, to: end, by: interval) {
            let phase: Double = 2 * Double.pi * t / 86_400
            let curve: Double = 200 * (1 + 0.3 * sin(phase))
            let added = t >= 86_400 ? extra((t - 86_400) / 3600) : 0
            let rps = curve + added
            var frame = SignalFrame(t: t, rps: rps)
            frame.conversionRatio = (curve * 0.03 + added * extraConversion) / rps
            frame.newSourceRatio = (curve * 0.1 + added * extraNew) / rps
            frame.clientErrorRatio = 0.02
            frame.uniqueSources = rps / 0.1  // every source at a person's pace
            let verdict = classifier.classify(frame)
            if t >= 86_400 { verdicts.append(verdict) }
        }
        return verdicts
    }

    @Test func aRampOfNewSourcesThatDoNotBuyIsCaughtWithinItsTenHours() {
        // +10% of the base per hour, new and not buying: at +50% the conversion is down by a third.
        let verdicts = Self.verdicts(hours: 10, extraConversion: 0, extraNew: 0.9) { 20 * $0 }
        let first = verdicts.firstIndex { $0.class == .surge }
        #expect(first != nil, "the ramp was never judged a surge")
        if let first { #expect(Double(first) * 60 <= 8 * 3600, "caught only after \(Double(first) * 60 / 3600) h") }
        #expect(verdicts.contains { $0.reasons.contains { if case .newSourcesNotConverting = $0 { true } else { false } } })
    }

    @Test func theSameGrowthOfNewVisitorsWhoBuyAsUsualIsNotASurge() {
        // The same ramp from a real audience arriving: new, converting as the usual users do.
        let verdicts = Self.verdicts(hours: 10, extraConversion: 0.03, extraNew: 0.9) { 20 * $0 }
        #expect(!verdicts.contains { $0.class == .surge }, "organic growth judged a surge")
    }
}
