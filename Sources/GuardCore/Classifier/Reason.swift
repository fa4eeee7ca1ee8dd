/// One reason behind a verdict, kept as data (rendered to words only when someone reads it).
package enum Reason: Sendable, Hashable, CustomStringConvertible {
    case elevated(multiple: Double)
    case aboveLongBaseline(multiple: Double)
    case jump(multiple: Double, seconds: Double)
    case newSources(share: Double)
    case conversionDrop(ofNormal: Double)
    case clientErrors(ratio: Double, usual: Double)
    case perSourceRate(multiple: Double)
    case concentration(share: Double, usual: Double, prefixes: Int)
    case routeShift(route: String, share: Double)
    /// New sources at a person's pace that do not buy: more requests from new clients, conversion down with them.
    case newSourcesNotConverting(share: Double, conversionOfNormal: Double)
    case periodicBursts(count: Int, period: Double)
    /// Conversions per client as usual while each client sends more: the drop per request is repeats (retries).
    case repeatedRequests(perClientMultiple: Double)
    case rateOnly
    case looksOrganic(signals: Int)
    case warmingUp(seconds: Double, of: Double)
    case noSignals

    package var description: String {
        switch self {
        case .elevated(let multiple): "rate x\(Self.multiple(multiple)) over its recent baseline"
        case .aboveLongBaseline(let multiple): "rate x\(Self.multiple(multiple)) over its long or daily baseline"
        case .jump(let multiple, let seconds): "rate x\(Self.multiple(multiple)) in \(Int(seconds.rounded().clampedFinite)) s"
        case .newSources(let share): "\(Self.percent(share)) of requests from new sources"
        case .newSourcesNotConverting(let share, let conversion):
            "\(Self.percent(share)) of requests from new sources at a person's pace, conversion down to \(Self.percent(conversion)) of normal"
        case .conversionDrop(let ofNormal): "conversion down to \(Self.percent(ofNormal)) of normal"
        case .clientErrors(let ratio, let usual): "client errors \(Self.percent(ratio)) of requests (normally \(Self.percent(usual)))"
        case .perSourceRate(let multiple): "each source sends x\(Self.multiple(multiple)) its usual rate"
        case .concentration(let share, let usual, let prefixes):
            "top \(prefixes) prefixes carry \(Self.percent(share)) of requests (normally \(Self.percent(usual)))"
        case .routeShift(let route, let share): "route mix shifted: \(route) now \(Self.percent(share)) of requests"
        case .periodicBursts(let count, let period): "\(Self.ordinal(count)) burst with a \(Int(period.rounded().clampedFinite)) s period"
        case .repeatedRequests(let multiple):
            "each client sends x\(Self.multiple(multiple)) its usual rate and buys as usual: the same requests repeated (retries), not other clients"
        case .rateOnly: "rate only: judged from the shape of the rise, with less to go on"
        case .looksOrganic(let signals): "traffic quality normal on \(signals) signal\(signals == 1 ? "" : "s"): looks like real users"
        case .warmingUp(let seconds, let total): "warming up: \(Int(seconds.clampedFinite)) s of \(Int(total.clampedFinite)) s history"
        case .noSignals: "no signals this interval: no new surge pause on missing data"
        }
    }

    package static func multiple(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return value.isNaN ? "?" : "\(value > 0 ? "≥" : "≤")1e15" }
        return value >= 10 ? "\(Int(value.rounded()))" : "\((value * 10).rounded() / 10)"
    }

    static func percent(_ value: Double) -> String {
        let percent = (value * 100).clampedFinite
        return percent < 10 && percent != percent.rounded() ? "\((percent * 10).rounded() / 10)%" : "\(Int(percent.rounded()))%"
    }

    static func ordinal(_ value: Int) -> String {
        let suffix = (value % 100 / 10 == 1) ? "th" : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
        return "\(value)\(suffix)"
    }
}
