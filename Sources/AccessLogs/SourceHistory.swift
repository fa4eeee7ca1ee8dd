import Foundation

/// The seen-before history that outlives one run: the filter and how far back it reaches. Saved
/// with `--state FILE` so that daily runs and restarts continue one history.
package struct SourceHistory: Sendable, Hashable {
    package var filter: SeenBeforeFilter
    /// Start of the first interval the history holds, seconds since 1970.
    package var since: Double?
    /// End of the last interval added.
    package var until: Double?

    package init(filter: SeenBeforeFilter = SeenBeforeFilter()) {
        self.filter = filter
    }

    /// The seconds of history before `start`.
    package func covered(before start: Double) -> Double {
        guard let since else { return 0 }
        return start - since
    }

    /// Closes one interval: the share of its requests from sources not seen before it (nil before
    /// `warmup` of history), then its sources are added.
    package mutating func close(_ tally: AddressTally, start: Double, end: Double, warmup: Double) -> Double? {
        let day = Int((start / 86_400).rounded(.down))
        if let until, start - until > Double(SeenBeforeFilter.window) * 86_400 { since = nil }
        filter.advance(to: day)
        if since == nil { since = start }
        let ratio = covered(before: start) >= warmup ? tally.newShare { filter.contains($0) } : nil
        for hash in tally.counts.keys { filter.insert(hash) }
        until = max(until ?? end, end)
        return ratio
    }
}
