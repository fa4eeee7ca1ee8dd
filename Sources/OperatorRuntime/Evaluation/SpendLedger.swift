import Foundation

/// The guard's spend in the current calendar month (UTC), for `caps.monthlyBudget`: hourly spend
/// added up interval by interval, restarted each month, carried across restarts in the status.
struct SpendLedger: Sendable, Hashable {
    private(set) var month: String
    private(set) var monthToDate: Double
    private(set) var monthEnd: Date
    private var lastAt: Date?

    init(now: Date, recordedMonth: String?, recordedSpend: Double?) {
        let (label, end) = Self.month(of: now)
        month = label
        monthEnd = end
        monthToDate = recordedMonth == label ? max(0, recordedSpend ?? 0) : 0
    }

    /// When the recorded month-to-date does not decode: never 0 (that would lift the budget), but
    /// as if `hourly` had been spent since the month began, the most a month at that rate costs.
    init(now: Date, unreadableRecordAt hourly: Double) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.dateInterval(of: .month, for: now)?.start ?? now
        self.init(now: now, recordedMonth: Self.month(of: now).0,
                  recordedSpend: max(0, hourly.isFinite ? hourly : 0) * now.timeIntervalSince(start) / 3600)
    }

    /// Adds `hourly` for the time since the last call (none for the first).
    mutating func add(hourly: Double, at now: Date) {
        let (label, end) = Self.month(of: now)
        if label != month {
            month = label
            monthEnd = end
            monthToDate = 0
        }
        if let lastAt, now > lastAt { monthToDate += hourly * now.timeIntervalSince(lastAt) / 3600 }
        lastAt = now
    }

    func secondsToMonthEnd(from now: Date) -> Double { max(0, monthEnd.timeIntervalSince(now)) }

    /// Hours in the month of `now`, for the projected monthly spend.
    func hoursInMonth(of now: Date) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let interval = calendar.dateInterval(of: .month, for: now) else { return 730 }
        return interval.duration / 3600
    }

    private static func month(of date: Date) -> (String, Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        let end = calendar.dateInterval(of: .month, for: date)?.end ?? date.addingTimeInterval(30 * 86400)
        return (String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0), end)
    }
}
