import Foundation
import GuardCore
import Testing

/// The one rule of the spend ledger: the time since the last record is charged at the spend
/// recorded then; a new month starts from 0, charged only from its first instant.
@Suite struct SpendLedgerTests {
    static func date(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    @Test func elapsedTimeIsChargedAtTheSpendRecordedBefore() throws {
        var ledger = SpendLedger(now: try Self.date("2026-03-10T00:00:00Z"))
        ledger.record(hourly: 2, at: try Self.date("2026-03-10T00:00:00Z"))
        #expect(ledger.monthToDate == 0)
        // An hour at 2, whatever the spend seen now.
        ledger.record(hourly: 10, at: try Self.date("2026-03-10T01:00:00Z"))
        #expect(abs(ledger.monthToDate - 2) < 1e-9)
        // Half an hour at 10.
        ledger.record(hourly: 0, at: try Self.date("2026-03-10T01:30:00Z"))
        #expect(abs(ledger.monthToDate - 7) < 1e-9)
        #expect(ledger.month == "2026-03")
    }

    @Test func aNewMonthStartsFromZeroAtItsFirstInstant() throws {
        var ledger = SpendLedger(now: try Self.date("2026-03-31T23:00:00Z"), recordedMonth: "2026-03", recordedSpend: 50)
        #expect(ledger.monthToDate == 50)
        ledger.record(hourly: 4, at: try Self.date("2026-03-31T23:00:00Z"))
        // 23:00 to 00:30 at 4: the half hour after midnight is April's.
        ledger.record(hourly: 4, at: try Self.date("2026-04-01T00:30:00Z"))
        #expect(ledger.month == "2026-04")
        #expect(abs(ledger.monthToDate - 2) < 1e-9)
        #expect(ledger.secondsToMonthEnd(from: try Self.date("2026-04-30T23:00:00Z")) == 3600)
        // A record of another month does not carry over.
        let other = SpendLedger(now: try Self.date("2026-04-02T00:00:00Z"), recordedMonth: "2026-03", recordedSpend: 50)
        #expect(other.monthToDate == 0)
    }

    @Test func anUnreadableRecordIsNeverZero() throws {
        let ledger = SpendLedger(now: try Self.date("2026-03-11T00:00:00Z"), unreadableRecordAt: 1)
        #expect(abs(ledger.monthToDate - 240) < 1e-9)
    }
}
