import Foundation

/// The guard's spend in the current calendar month (UTC), for `caps.monthlyBudget`, kept the same
/// way by the operator and by the replay, so a backtest and the cluster agree on when the budget
/// binds. Each evaluation records the hourly spend it sees: the time since the previous record is
/// charged at the spend recorded then (the nodes counted then ran until now), and the new figure
/// is charged from now on. A month starts from 0 at its first instant; the operator carries the
/// month-to-date across restarts in the guard's status.
package struct SpendLedger: Sendable, Hashable {
    package private(set) var month: String
    package private(set) var monthToDate: Double
    package private(set) var monthStart: Date
    package private(set) var monthEnd: Date
    private var last: Record?

    private struct Record: Sendable, Hashable {
        var at: Date
        var hourly: Double
    }

    package init(now: Date, recordedMonth: String? = nil, recordedSpend: Double? = nil) {
        let (label, interval) = Self.month(of: now)
        month = label
        monthStart = interval.start
        monthEnd = interval.end
        monthToDate = recordedMonth == label ? max(0, recordedSpend ?? 0) : 0
    }

    /// When the recorded month-to-date does not decode: never 0 (that would lift the budget), but
    /// as if `hourly` had been spent since the month began, the most a month at that rate costs.
    package init(now: Date, unreadableRecordAt hourly: Double) {
        let start = Self.month(of: now).1.start
        self.init(now: now, recordedMonth: Self.month(of: now).0,
                  recordedSpend: max(0, hourly.isFinite ? hourly : 0) * now.timeIntervalSince(start) / 3600)
    }

    /// Charges the time since the last record at the spend recorded then, and records `hourly`
    /// (the spend seen at `now`). A record in a later month starts that month from 0, charged
    /// only from its first instant.
    package mutating func record(hourly: Double, at now: Date) {
        var chargedFrom = last?.at
        if now >= monthEnd || now < monthStart {
            let (label, interval) = Self.month(of: now)
            month = label
            monthStart = interval.start
            monthEnd = interval.end
            monthToDate = 0
            chargedFrom = chargedFrom.map { max($0, monthStart) }
        }
        if let last, let from = chargedFrom, now > from {
            monthToDate += last.hourly * now.timeIntervalSince(from) / 3600
        }
        last = Record(at: now, hourly: hourly.isFinite ? max(0, hourly) : 0)
    }

    package func secondsToMonthEnd(from now: Date) -> Double { max(0, monthEnd.timeIntervalSince(now)) }

    /// Hours in the month of `now`, for the projected monthly spend.
    package func hoursInMonth(of now: Date) -> Double {
        Self.month(of: now).1.duration / 3600
    }

    private static func month(of date: Date) -> (String, DateInterval) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        let interval = calendar.dateInterval(of: .month, for: date) ?? DateInterval(start: date, duration: 30 * 86_400)
        return (String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0), interval)
    }
}
