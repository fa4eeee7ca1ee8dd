@testable import GuardCore
import Testing

/// The graded response's organic estimate: what a surge's ceiling provides for.
@Suite struct SurgeCeilingTests {
    @Test func withoutAUsersShareTheRiseIsGrantedByTheVerdictsDoubt() {
        // 100 predicted, 1,000 offered, score 0.8: 100 + 0.2 × 900 = 280, with headroom 364.
        let organic = SurgeCeilingPlanner.organicRps(rps: 1000, predicted: 100, score: 0.8)
        #expect(abs(organic - 280 * SurgeCeilingPlanner.headroom) < 1e-9)
    }

    @Test func requestsThatBuyAsUsersDoAreProvidedForWhateverTheScore() {
        // A sure verdict grants nothing of the rise, but 70% of the requests convert as users do.
        let organic = SurgeCeilingPlanner.organicRps(rps: 1000, predicted: 100, score: 1, usersShare: 0.7)
        #expect(abs(organic - 700 * SurgeCeilingPlanner.headroom) < 1e-9)
        // A share below what the verdict grants changes nothing.
        let graded = SurgeCeilingPlanner.organicRps(rps: 1000, predicted: 100, score: 0.5)
        #expect(SurgeCeilingPlanner.organicRps(rps: 1000, predicted: 100, score: 0.5, usersShare: 0.2) == graded)
    }

    /// The classifier's users share is conversion against its usual ratio: a third of the requests
    /// that never buy takes conversion, and the share, to two thirds.
    @Test func theUsersShareIsConversionAgainstItsUsualRatio() {
        var classifier = SurgeClassifier(settings: .init(interval: 15, detection: .init()))
        var frame = SignalFrame(t: 0, rps: 100)
        frame.conversionRatio = 0.03
        var last: Verdict?
        for index in 0..<120 {
            frame.t = Double(index) * 15
            last = classifier.classify(frame)
        }
        #expect(abs((last?.usersShare ?? 0) - 1) < 1e-9)
        frame.t = 120 * 15
        frame.rps = 150
        frame.conversionRatio = 0.02
        let diluted = classifier.classify(frame)
        #expect(abs((diluted.usersShare ?? 0) - 2.0 / 3) < 1e-6)
        // More conversion than usual is still at most everyone.
        frame.t += 15
        frame.conversionRatio = 0.06
        #expect(classifier.classify(frame).usersShare == 1)
    }

    @Test func withoutAConversionSignalThereIsNoUsersShare() {
        var classifier = SurgeClassifier(settings: .init(interval: 15, detection: .init()))
        var last: Verdict?
        for index in 0..<60 { last = classifier.classify(SignalFrame(t: Double(index) * 15, rps: 100)) }
        #expect(last?.usersShare == nil)
    }
}
