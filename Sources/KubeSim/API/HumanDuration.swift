import Foundation
import KubeModel

/// Ages as kube-apiserver writes them in Table cells (k8s.io/apimachinery/pkg/util/duration):
/// built-in printers use the long form (`5m30s`, `3d4h`), CRD `date` columns the short
/// one (`5m`, `3d`).
enum HumanDuration {
    /// `duration.HumanDuration`: two or three significant figures.
    static func long(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded(.towardZero))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let rest = (hours / 24) % 365
            return rest == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(rest)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// `duration.ShortHumanDuration`: one unit.
    static func short(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded(.towardZero))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds / 60 < 60 { return "\(seconds / 60)m" }
        let hours = seconds / 3600
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }
}

/// RFC 3339 timestamps as metav1.Time reads them: fractional seconds and offsets allowed.
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// An object's age for a built-in printer's Age column; `<unknown>` without a creationTimestamp.
    static func age(of object: JSONValue, now: Date) -> String {
        guard let created = object.value(atPath: "metadata.creationTimestamp")?.stringValue.flatMap(parse) else {
            return "<unknown>"
        }
        return HumanDuration.long(now.timeIntervalSince(created))
    }
}
