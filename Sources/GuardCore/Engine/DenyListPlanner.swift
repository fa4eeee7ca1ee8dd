import CostGuardAPI

/// Chooses the prefixes to deny during a surge: the heavy prefixes of the surge's own traffic,
/// never a protected range, never an established heavy hitter growing with its users.
enum DenyListPlanner {
    /// A prefix is heavy at four times the usual rate of the heaviest clean prefix.
    static let heavyMultiple = 4.0

    static func plan(current: [DenyEntry], frame: SignalFrame?, surge: Bool, holding: Bool, t: Double,
                     history: SourceHistory, policy: Policy, protected: [IPPrefix]) -> [DenyEntry] {
        let settings = policy.spec.actions.denyList
        guard settings.enabled, surge || !current.isEmpty else { return [] }
        var entries: [IPPrefix: DenyEntry] = [:]
        for entry in current where entry.expiresAt > t { entries[entry.prefix] = entry }
        guard let top = frame?.topSources, !history.topRate.isEmpty else { return sorted(entries, limit: settings.maxEntries) }

        let heavy = max(heavyMultiple * history.topRate.value, 1)
        for source in top {
            // While a surge pause holds, a listed prefix that keeps sending keeps its place.
            if holding, var entry = entries[source.prefix], source.rps >= heavy / 2 {
                entry.rps = source.rps
                entry.expiresAt = t + settings.ttl.seconds
                entries[source.prefix] = entry
                continue
            }
            guard surge, source.rps >= heavy, entries[source.prefix] == nil else { continue }
            if settings.neverDeny.contains(where: { $0.overlaps(source.prefix) }) { continue }
            if protected.contains(where: { $0.overlaps(source.prefix) }) { continue }
            // An established heavy hitter (a carrier NAT, an office) is denied only far beyond its own usual rate.
            if let known = history.established(source.prefix), source.rps < max(heavy, 6 * known.rate) { continue }
            entries[source.prefix] = DenyEntry(prefix: source.prefix, rps: source.rps, listedAt: t, expiresAt: t + settings.ttl.seconds)
        }
        return sorted(entries, limit: settings.maxEntries)
    }

    /// At most `limit` entries, the lowest-rate evicted first; listed in prefix order for stable output.
    private static func sorted(_ entries: [IPPrefix: DenyEntry], limit: Int) -> [DenyEntry] {
        var list = Array(entries.values)
        if list.count > limit {
            list.sort { ($0.rps, $1.prefix) > ($1.rps, $0.prefix) }
            list.removeLast(list.count - limit)
        }
        return list.sorted { $0.prefix < $1.prefix }
    }
}
