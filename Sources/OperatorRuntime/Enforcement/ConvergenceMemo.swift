import Foundation
import KubeModel

/// HPAs found already converged, so that the enforcer does not work out each one again: most HPAs
/// are as they should be most of the time. An entry holds while the HPA is at the same
/// resourceVersion, the claims on it are the same and no recorded pause has run out since (the
/// only way time alone changes what an HPA should be).
struct ConvergenceMemo: Sendable {
    struct Entry: Sendable {
        var resourceVersion: String
        var claims: [HPAClaim]
        /// When a pause recorded on the HPA runs out; the entry is not used from then on.
        var validUntil: Date
        var ceilingBy: String?
    }

    private var entries: [String: Entry] = [:]

    /// The HPA's convergence, from the memo when nothing it depends on changed, else worked out
    /// and remembered if it needs no write.
    mutating func convergence(key: String, hpa: HorizontalPodAutoscaler, claims: [HPAClaim], now: Date) -> (ceilingBy: String?, convergence: HPAConvergence?) {
        let version = hpa.metadata.resourceVersion
        if let version, let entry = entries[key], entry.resourceVersion == version, now < entry.validUntil, entry.claims == claims {
            return (entry.ceilingBy, nil)
        }
        let convergence = HPAConvergence(hpa: hpa, claims: claims, now: now)
        if let version, convergence.patch == nil {
            let until = HPAAnnotations.time(hpa.metadata.annotations?[HPAAnnotations.pausedUntil]).flatMap { $0 > now ? $0 : nil }
            entries[key] = Entry(resourceVersion: version, claims: claims, validUntil: until ?? .distantFuture, ceilingBy: convergence.ceilingBy)
        } else {
            entries[key] = nil
        }
        return (convergence.ceilingBy, convergence)
    }

    /// Forgets HPAs that are no longer looked at, so the memo stays the size of what is claimed.
    mutating func keep(only keys: Set<String>) {
        entries = entries.filter { keys.contains($0.key) }
    }

    var count: Int { entries.count }
}
