import GuardCore
import Testing

/// The baseline guard of the evaluation: 3× the last hour's median, held for the hold-down.
@Suite struct StaticThresholdGuardTests {
    @Test(arguments: [(899.0, false), (901.0, true), (3000.0, true), (300.0, false)])
    func pausesOnlyAboveThreeTimesTheMedian(rps: Double, paused: Bool) {
        var guardPolicy = StaticThresholdGuard(interval: 15, holdDown: 600)
        for index in 0..<240 { _ = guardPolicy.decide(t: Double(index) * 15, rps: 300) }
        let decided = guardPolicy.decide(t: 3600, rps: rps)
        #expect(decided == paused)
    }

    @Test func holdsForTheHoldDownAfterTheLastHighFrame() {
        var guardPolicy = StaticThresholdGuard(interval: 15, holdDown: 600)
        for index in 0..<240 { _ = guardPolicy.decide(t: Double(index) * 15, rps: 300) }
        let high = guardPolicy.decide(t: 3600, rps: 2000)
        #expect(high)
        var last = 3600.0
        var pausedFrames = 0
        while last < 3600 + 1200 {
            last += 15
            if guardPolicy.decide(t: last, rps: 300) { pausedFrames += 1 }
        }
        #expect(pausedFrames == 39, "paused until 600 s after the high frame, then resumed")
    }

    @Test func theMedianIsOfTheLastHourOnly() {
        var guardPolicy = StaticThresholdGuard(interval: 15, holdDown: 0)
        for index in 0..<240 { _ = guardPolicy.decide(t: Double(index) * 15, rps: 100) }
        for index in 240..<480 { _ = guardPolicy.decide(t: Double(index) * 15, rps: 1000) }
        let under = guardPolicy.decide(t: 480 * 15, rps: 2500)
        let over = guardPolicy.decide(t: 481 * 15, rps: 3100)
        #expect(!under, "the median is 1000 now, not 100")
        #expect(over)
    }
}
