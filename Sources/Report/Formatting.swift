import Foundation
import GuardCore

/// Numbers and times the way the human-readable reports show them.
package enum Formatting {
    package static func money(_ value: Double, _ currency: String) -> String {
        String(format: "%.2f %@", value, currency)
    }

    /// "5h 00m 15s" from seconds since the start.
    package static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60, secs = total % 60
        let time = String(format: "%02d:%02d:%02d", hours, minutes, secs)
        return days > 0 ? "day \(days + 1) \(time)" : time
    }

    package static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 120 { return "\(total) s" }
        if total < 7200 { return "\(total / 60) min \(total % 60) s" }
        return String(format: "%.1f h", seconds / 3600)
    }

    package static func requests(_ count: Double) -> String {
        if count >= 1e9 { return String(format: "%.2f G", count / 1e9) }
        if count >= 1e6 { return String(format: "%.2f M", count / 1e6) }
        if count >= 1e3 { return String(format: "%.1f k", count / 1e3) }
        return String(Int(count.rounded()))
    }
}

/// The Guards table of a replay with several guards, as both the Markdown and the HTML report
/// show it: one row per guard, its texts in the order of `header`.
struct GuardRows {
    static let header = ["Guard", "Verdict", "Ceiling", "Paused scale-up", "Its ceiling in force", "Surge verdicts"]
    /// The columns after the first three are durations, right-aligned.
    static let textColumns = 3
    let rows: [[String]]

    init(_ summary: ReplaySummary) {
        rows = summary.guards.map { guardTotals in
            [guardTotals.guardName, guardTotals.last?.verdict.rawValue ?? "–", guardTotals.ceilingText ?? "–",
             Formatting.duration(guardTotals.pausedSeconds), Formatting.duration(guardTotals.ceilingInForceSeconds),
             Formatting.duration(guardTotals.surgeSeconds)]
        }
    }

    /// What the table says, `command` being `kubectl get costguards` as the report marks code.
    static func intro(_ command: String) -> String {
        "Each guard's plan is merged on the workload as the operator merges them (any pause pauses, the lowest ceiling holds). "
            + "Verdict and ceiling at the last frame, as \(command) would show them"
    }
}

/// The figures both human reports lead with.
struct SummaryRows {
    let rows: [(String, String, String)]

    init(_ summary: ReplaySummary) {
        let currency = summary.currency
        let saved = summary.unguarded.cost - summary.guarded.cost
        let shedGuarded = summary.guarded.shedRequests
        let shedUnguarded = summary.unguarded.shedRequests
        var rows: [(String, String, String)] = [
            ("Cost", Formatting.money(summary.guarded.cost, currency), Formatting.money(summary.unguarded.cost, currency)),
            ("Node-hours", String(format: "%.1f", summary.guarded.nodeHours), String(format: "%.1f", summary.unguarded.nodeHours)),
            ("Peak nodes", "\(summary.guarded.peakNodes)", "\(summary.unguarded.peakNodes)"),
            ("Peak hourly spend", Formatting.money(summary.guarded.peakHourlySpend, currency),
             Formatting.money(summary.unguarded.peakHourlySpend, currency)),
            ("Requests served", Formatting.requests(summary.guarded.servedRequests), Formatting.requests(summary.unguarded.servedRequests)),
            ("Requests shed (admitted, not served)", Formatting.requests(shedGuarded) + Self.share(shedGuarded, of: summary.guarded),
             Formatting.requests(shedUnguarded) + Self.share(shedUnguarded, of: summary.unguarded)),
        ]
        if summary.hasLegitTruth {
            let legit = summary.legit
            rows.append(("Legit requests served", Formatting.requests(legit.guarded.served), Formatting.requests(legit.unguarded.served)))
            rows.append(("Legit requests shed (incl. denied)", Formatting.requests(legit.guarded.shed) + Self.percent(legit.guarded.shedShare),
                         Formatting.requests(legit.unguarded.shed) + Self.percent(legit.unguarded.shedShare)))
            if summary.truth?.onset != nil {
                rows.append(("Legit shed within the recorded window", Self.percent(legit.windowGuarded.shedShare, bare: true),
                             Self.percent(legit.windowUnguarded.shedShare, bare: true)))
            }
            rows.append(("Deny precision (attack share of denied requests)",
                         legit.denyPrecision.map { Self.percent($0, bare: true) } ?? "nothing denied", ""))
            rows.append(("Collateral: legit requests / prefixes denied",
                         "\(Formatting.requests(legit.deniedLegitRequests)) / \(legit.deniedLegitPrefixes.count)", ""))
        }
        rows.append(("Cost saved", Formatting.money(saved, currency), ""))
        rows.append(("Denied at the edge", Formatting.requests(summary.deniedRequests) + " requests", ""))
        rows.append(("First surge verdict", summary.firstSurgeAt.map(Formatting.clock) ?? "none", ""))
        if let delay = summary.detectionDelay { rows.append(("Time to detect (from recorded onset)", Formatting.duration(delay), "")) }
        rows.append(("First pause", summary.firstPauseAt.map(Formatting.clock) ?? "none", ""))
        rows.append(("Time paused", Formatting.duration(summary.pausedSeconds), ""))
        rows.append(("Time held at a surge's organic share (ceiling)", Formatting.duration(summary.surgeCeilingSeconds), ""))
        if summary.rateOnlyFrames > 0 {
            rows.append(("Verdicts judged from the rate alone", "\(summary.rateOnlyFrames) of \(summary.frames) frames", ""))
        }
        rows.append(("Prefixes denied", "\(summary.deniedPrefixes.count)", ""))
        rows.append(("Frames over a cap", "\(summary.capBreaches)", ""))
        self.rows = rows
    }

    /// " (2.1%)", or "2.1%" when bare.
    static func percent(_ share: Double, bare: Bool = false) -> String {
        bare ? String(format: "%.1f%%", share * 100) : String(format: " (%.1f%%)", share * 100)
    }

    /// " (2.1%)": the part of the admitted requests that was shed.
    static func share(_ shed: Double, of totals: RunTotals) -> String {
        let admitted = totals.servedRequests + shed
        guard admitted > 0 else { return "" }
        return String(format: " (%.1f%%)", shed / admitted * 100)
    }
}
