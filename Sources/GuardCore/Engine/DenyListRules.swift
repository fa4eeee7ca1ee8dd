import CostGuardAPI

/// The rules every deny list obeys, applied where the engine plans its entries and again at the
/// write, where several guards' claims meet: one definition, so the two can never drift apart.
package enum DenyListRules {
    /// Never listed, whatever a guard asks: a `neverDeny` range or one of the cluster's own.
    package static func isNeverDenied(_ prefix: IPPrefix, neverDeny: [IPPrefix], protected: [IPPrefix]) -> Bool {
        neverDeny.contains { $0.overlaps(prefix) } || protected.contains { $0.overlaps(prefix) }
    }

    /// At most `limit` items, highest rate first (the lowest rate is evicted first; equal rates
    /// keep the lower prefix, so the choice is stable).
    package static func highestRates<Item>(_ items: [Item], limit: Int, prefix: (Item) -> IPPrefix, rps: (Item) -> Double) -> [Item] {
        let ranked = items.sorted { (rps($0), prefix($1)) > (rps($1), prefix($0)) }
        return Array(ranked.prefix(max(0, limit)))
    }

    /// Several lists joined, as several guards' claims on one set are: each prefix once, in the
    /// order first seen, with the latest expiry (a tie keeps the first) and the highest rate of
    /// them, so that eviction by rate keeps a prefix any guard finds heavy. The replay's merge of
    /// the guards' plans and the operator's deny-set convergence both join this way.
    package static func join<Item>(_ items: [Item], prefix: (Item) -> IPPrefix, expiry: (Item) -> Double, rps: (Item) -> Double,
                                   settingRate: (inout Item, Double) -> Void) -> [Item] {
        var joined: [Item] = []
        var position: [IPPrefix: Int] = [:]
        for item in items {
            let key = prefix(item)
            guard let index = position[key] else {
                position[key] = joined.count
                joined.append(item)
                continue
            }
            let rate = max(rps(item), rps(joined[index]))
            if expiry(item) > expiry(joined[index]) { joined[index] = item }
            settingRate(&joined[index], rate)
        }
        return joined
    }

    /// Calls `body` with each of a frame's heaviest sources that a listed network covers: what a
    /// network policy over the list keeps from the workload, in the replay and in the demo's
    /// simulated cluster alike.
    package static func forEachBlocked<Listed>(_ top: [SourceRate], by listed: [Listed], prefix: (Listed) -> IPPrefix,
                                               _ body: (_ index: Int, _ source: SourceRate) -> Void) {
        for (index, source) in top.enumerated() where listed.contains(where: { prefix($0).contains(source.prefix) }) {
            body(index, source)
        }
    }
}
