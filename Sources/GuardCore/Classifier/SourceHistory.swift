import CostGuardAPI

/// The client prefixes seen among the heaviest in clean (non-suspicious) frames, with their usual
/// rate. A prefix that has carried real users for a while (a carrier NAT, an office) is known here
/// and is not mistaken for an attacker when the whole site gets busier.
struct SourceHistory: Sendable {
    struct Known: Sendable, Hashable {
        var rate: Double
        var firstSeen: Double
        var lastSeen: Double
        var sightings: Int
    }

    private(set) var known = PrefixTable<Known>()
    /// The usual rate of the heaviest prefix: the scale against which a prefix counts as heavy.
    private(set) var topRate = DecayingMean()
    private let capacity = 4096
    private let forgetAfter = 7 * 86_400.0

    /// Clean frames seen; prefixes are learnt from every fourth, since who carries real users
    /// changes over minutes, not seconds (and twenty table updates a frame were the engine's main cost).
    private var cleanFrames = 0
    static let sampleEvery = 4

    mutating func learn(_ sources: [SourceRate], at t: Double, alpha: Double) {
        if let first = sources.first { topRate.add(first.rps, alpha: alpha) }
        cleanFrames += 1
        guard cleanFrames % Self.sampleEvery == 1 else { return }
        for source in sources {
            if var entry = known[source.prefix] {
                entry.rate += (source.rps - entry.rate) * 0.25
                entry.lastSeen = t
                entry.sightings += 1
                known[source.prefix] = entry
            } else {
                known[source.prefix] = Known(rate: source.rps, firstSeen: t, lastSeen: t, sightings: 1)
            }
        }
        if known.count > capacity { forget(before: t - forgetAfter, keep: capacity * 3 / 4) }
    }

    /// A prefix that has been among the heaviest in clean traffic repeatedly (five sampled frames),
    /// over at least 15 minutes.
    func established(_ prefix: IPPrefix) -> Known? {
        guard let entry = known[prefix], entry.sightings >= 5, entry.lastSeen - entry.firstSeen >= 900 else { return nil }
        return entry
    }

    private mutating func forget(before cutoff: Double, keep: Int) {
        known = known.filter { $1.lastSeen >= cutoff }
        if known.count > keep {
            let kept = known.entries.sorted { ($0.value.lastSeen, $0.value.sightings) > ($1.value.lastSeen, $1.value.sightings) }.prefix(keep)
            var table = PrefixTable<Known>(capacity: keep)
            for (key, value) in kept { table[key] = value }
            known = table
        }
    }
}
