import CostGuardAPI

/// Chooses the prefixes to deny during a surge: the heavy prefixes of the surge's own traffic,
/// never a protected range, never an established heavy hitter growing with its users.
enum DenyListPlanner {
    /// A prefix is heavy at four times the usual rate of the heaviest clean prefix.
    static let heavyMultiple = 4.0

    /// A new entry also needs the requests' outcomes to say attack (conversion gone, errors up):
    /// heavy, concentrated sources alone are what a carrier NAT or an office looks like.
    static let outcomeNeeded = 0.3

    /// `surge`: new entries may be added now (the engine says so only at its clearest surge
    /// verdicts); entries already listed are renewed or lapse either way.
    static func plan(current: [DenyEntry], frame: SignalFrame?, surge: Bool, outcome: Double, holding: Bool, t: Double,
                     history: SourceHistory, policy: Policy, protected: [IPPrefix]) -> [DenyEntry] {
        guard policy.denyListEnabled, surge || !current.isEmpty else { return [] }
        // `current` is sorted by prefix (this planner's own output): lookups are binary searches.
        var entries = current.filter { $0.expiresAt > t }
        guard let top = frame?.topSources, !history.topRate.isEmpty else { return limited(entries, to: policy.denyMaxEntries) }

        let heavy = max(heavyMultiple * history.topRate.value, 1)
        var added: [DenyEntry] = []
        for source in top {
            if let index = find(source.prefix, in: entries) {
                // While a surge pause holds, a listed prefix that keeps sending keeps its place.
                if holding, source.rps >= heavy / 2 {
                    entries[index].rps = source.rps
                    entries[index].expiresAt = t + policy.denyTTL
                }
                continue
            }
            guard surge, outcome >= outcomeNeeded, source.rps >= heavy, !added.contains(where: { $0.prefix == source.prefix }) else { continue }
            if DenyListRules.isNeverDenied(source.prefix, neverDeny: policy.neverDeny, protected: protected) { continue }
            // A prefix seen before among the heaviest of clean traffic (a carrier NAT, an office) is judged
            // against its own history: denied only far beyond its own usual rate.
            if let known = history.known[source.prefix], source.rps < max(heavy, 6 * known.rate) { continue }
            added.append(DenyEntry(prefix: source.prefix, rps: source.rps, listedAt: t, expiresAt: t + policy.denyTTL))
        }
        if !added.isEmpty {
            entries.append(contentsOf: added)
            entries.sort { $0.prefix < $1.prefix }
        }
        return limited(entries, to: policy.denyMaxEntries)
    }

    private static func find(_ prefix: IPPrefix, in sorted: [DenyEntry]) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].prefix < prefix { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low].prefix == prefix ? low : nil
    }

    /// At most `limit` entries, kept in prefix order for stable output.
    private static func limited(_ entries: [DenyEntry], to limit: Int) -> [DenyEntry] {
        guard entries.count > limit else { return entries }
        return DenyListRules.highestRates(entries, limit: limit, prefix: \.prefix, rps: \.rps).sorted { $0.prefix < $1.prefix }
    }
}
