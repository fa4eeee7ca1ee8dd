import Foundation

/// What one Enforce-mode guard wants of one HPA it selects. A claim with neither a pause nor a
/// ceiling still counts: it lets a pause recorded before a restart run out its hold-down.
struct HPAClaim: Sendable, Hashable {
    struct Pause: Sendable, Hashable {
        var reason: String
        var since: Date
        /// The end of a surge pause's hold-down; nil while a cap holds it.
        var until: Date?
    }

    struct Ceiling: Sendable, Hashable {
        var maxReplicas: Int
        var cap: String
    }

    var guardName: String
    var pause: Pause?
    var ceiling: Ceiling?
}

extension HPAClaim {
    /// The pauses in force on an object (an HPA or a KEDA ScaledObject), by guard, sorted: each
    /// claim's own pause, or else the pause recorded in the object's annotations while its
    /// hold-down runs and the guard that made it still claims the object. A recorded pause thus
    /// outlives the process that made it.
    static func pausesInForce(_ claims: [HPAClaim], annotations: [String: String], now: Date) -> [(String, Pause)] {
        let recordedBy = Set((annotations[HPAAnnotations.pausedBy] ?? "").split(separator: ",").map(String.init))
        let recorded: Pause? = HPAAnnotations.time(annotations[HPAAnnotations.pausedUntil]).flatMap { until in
            guard until > now else { return nil }
            return Pause(reason: annotations[HPAAnnotations.pausedReason] ?? "surge",
                         since: HPAAnnotations.time(annotations[HPAAnnotations.pausedSince]) ?? now, until: until)
        }
        return claims.compactMap { claim in
            if let pause = claim.pause { return (claim.guardName, pause) }
            if let recorded, recordedBy.contains(claim.guardName) { return (claim.guardName, recorded) }
            return nil
        }.sorted { $0.0 < $1.0 }
    }
}

extension HPAClaim {
    /// Records the pauses in force in an object's wanted annotations: who, why, since when and,
    /// for surge pauses, until when. The hold-down moves on with every surge frame; recording
    /// each step would be a write per interval, so the recorded end moves once it is a minute
    /// behind (`HPAConvergence.untilSlack`).
    static func recordPauses(_ pauses: [(String, Pause)], in wanted: inout [String: String], current annotations: [String: String]) {
        guard !pauses.isEmpty else { return }
        wanted[HPAAnnotations.pausedBy] = pauses.map(\.0).joined(separator: ",")
        wanted[HPAAnnotations.pausedReason] = pauses.contains { $0.1.reason == "surge" } ? "surge" : pauses[0].1.reason
        wanted[HPAAnnotations.pausedSince] = HPAAnnotations.text(pauses.map(\.1.since).min()!)
        let untils = pauses.map(\.1.until)
        guard !untils.contains(nil), let until = untils.compactMap({ $0 }).max() else { return }
        if let recorded = HPAAnnotations.time(annotations[HPAAnnotations.pausedUntil]), until >= recorded,
           until.timeIntervalSince(recorded) < HPAConvergence.untilSlack {
            wanted[HPAAnnotations.pausedUntil] = annotations[HPAAnnotations.pausedUntil]
        } else {
            wanted[HPAAnnotations.pausedUntil] = HPAAnnotations.text(until)
        }
    }
}
