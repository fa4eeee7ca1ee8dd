import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import OperatorRuntime
import Testing

/// One spend ledger (GuardCore's `SpendLedger`) for the operator and the replay: run over the same
/// frames across a month's end, they count the same month-to-date at every frame and start April
/// from zero at the same frame.
@Suite struct SpendLedgerAgreementTests {
    @Test func theReplayAndTheOperatorCountTheSameMonthToDate() async throws {
        var (header, frames) = try SimulationSupport.demoScenario()
        // Two hours before April: the crowd at 1 h, then the month turns at 2 h.
        header.start = try Date("2026-03-31T22:00:00Z", strategy: .iso8601)
        header.guardSpec.caps.monthlyBudget = Money(Decimal(1000))
        let played = Array(frames.prefix(720))

        var replay = Replay(header: header)
        let replayed = played.map { frame in
            _ = replay.step(frame)
            return replay.monthToDateSpend
        }

        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            _ = try cluster.begin(with: played[0])
            try await cluster.withOperator { handle in
                var largestGap = 0.0
                var aprilOffset: Double?
                var marchTotal = 0.0
                var aprilStartsAt: Double?
                for (index, frame) in played.enumerated().dropFirst() {
                    let result = try await cluster.step(frame, operators: [handle]).1[0].result
                    let gap = abs(result.monthToDateSpend - replayed[index])
                    if frame.t < 7200 {
                        largestGap = max(largestGap, gap)
                    } else if let offset = aprilOffset {
                        #expect(abs(gap - offset) < 1e-9, "t=\(frame.t): \(gap), not the turn's \(offset)")
                    } else {
                        // The operator evaluates half an interval after each frame's start (the demo's
                        // clock), so from the turn of the month on it has charged April 7.5 s more, at the
                        // spend in force at midnight; then both add the same.
                        #expect(gap <= result.hourlySpend * 7.5 / 3600 * 1.5 && gap > 0, "at the turn: \(gap)")
                        aprilOffset = gap
                    }
                    if aprilStartsAt == nil, result.monthToDateSpend < replayed[index - 1] - 0.5 {
                        aprilStartsAt = frame.t
                        marchTotal = replayed[index - 1]
                    }
                }
                #expect(largestGap < 1e-9, "March's month-to-date differs by up to \(largestGap)")
                #expect(aprilStartsAt == 7200, "April started at \(aprilStartsAt.map { "\($0)" } ?? "never")")
                #expect(marchTotal > 1.5, "March's last two hours cost \(marchTotal)")
                // The replay's own view of it: March's spend, then April from 0.
                #expect(replayed[479] > 1.5 && replayed[481] < 0.05, "\(replayed[479]) then \(replayed[481])")
            }
        }
    }
}
