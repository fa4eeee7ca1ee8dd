import CostGuardAPI
import KubeClient
import KubeModel
import Synchronization

/// What the guards need of the nodes, kept up to date from the node watch instead of recounted:
/// per node selector a guard asks about, how many nodes of each price group it matches, and the
/// cluster's own ranges. A guard's totals then cost the same at 65,000 nodes as at 5; a node
/// event costs one label match per selector in use.
package final class NodeAggregates: Sendable {
    /// The labels a node's price is read from when OpenCost does not price it by name.
    package struct PriceGroup: Sendable, Hashable {
        package var instanceType: String?
        package var capacityType: String?
    }

    /// What is kept of a node: its labels share storage with the cached Node's.
    struct Facts {
        var labels: [String: String]
        var group: PriceGroup
        var prefixes: [IPPrefix]

        init(_ node: Node) {
            labels = node.metadata.labels ?? [:]
            group = PriceGroup(instanceType: labels[Node.instanceTypeLabel], capacityType: labels[Node.capacityTypeLabel])
            prefixes = Self.ownRanges(node)
        }

        /// The node's pod CIDRs and addresses: never to be denied.
        static func ownRanges(_ node: Node) -> [IPPrefix] {
            var ranges: [IPPrefix] = []
            for cidr in node.spec?.podCIDRs ?? node.spec?.podCIDR.map({ [$0] }) ?? [] {
                if let prefix = IPPrefix(cidr) { ranges.append(prefix) }
            }
            for address in node.status?.addresses ?? [] where address.type == "InternalIP" || address.type == "ExternalIP" {
                if let prefix = IPPrefix(address.address + (address.address.contains(":") ? "/128" : "/32")) { ranges.append(prefix) }
            }
            return ranges
        }
    }

    struct State {
        var facts: [String: Facts] = [:]
        /// A relist in progress; swapped in whole at `initDone`, as the store does.
        var relist: [String: Facts]?
        var bySelector: [LabelSelector: [PriceGroup: Int]] = [:]
        var ranges: [IPPrefix: Int] = [:]
        /// `ranges`' keys sorted, made again only after they change.
        var sortedRanges: [IPPrefix]?
    }

    private let state = Mutex(State())

    package init() {}

    package func apply(_ event: WatcherEvent<Node>) {
        state.withLock { state in
            switch event {
            case .initStarted:
                state.relist = [:]
            case .initApply(let node):
                state.relist?[node.cacheKey] = Facts(node)
            case .initDone:
                state.facts = state.relist ?? [:]
                state.relist = nil
                state.ranges = [:]
                state.sortedRanges = nil
                for facts in state.facts.values { Self.count(facts.prefixes, by: 1, in: &state) }
                for selector in state.bySelector.keys { state.bySelector[selector] = Self.recount(selector, state.facts) }
            case .apply(let node):
                let facts = Facts(node)
                if let old = state.facts.updateValue(facts, forKey: node.cacheKey) { Self.add(old, by: -1, to: &state) }
                Self.add(facts, by: 1, to: &state)
            case .delete(let node):
                if let old = state.facts.removeValue(forKey: node.cacheKey) { Self.add(old, by: -1, to: &state) }
            }
        }
    }

    /// The nodes `selector` matches (every node when it is empty), counted by price group. The
    /// first question about a selector counts once; after that the watch keeps the count.
    package func groups(matching selector: LabelSelector) -> [PriceGroup: Int] {
        state.withLock { state in
            if let groups = state.bySelector[selector] { return groups }
            let groups = Self.recount(selector, state.facts)
            state.bySelector[selector] = groups
            return groups
        }
    }

    /// Stops counting for selectors no guard has any more (a guard deleted or its selector
    /// changed), so each node event matches only the selectors in use.
    package func keepCounting(only selectors: Set<LabelSelector>) {
        state.withLock { state in state.bySelector = state.bySelector.filter { selectors.contains($0.key) } }
    }

    /// The selectors being counted.
    var counted: Set<LabelSelector> { state.withLock { Set($0.bySelector.keys) } }

    /// Every node's pod CIDRs and addresses, sorted.
    package func clusterRanges() -> [IPPrefix] {
        state.withLock { state in
            if let sorted = state.sortedRanges { return sorted }
            let sorted = state.ranges.keys.sorted()
            state.sortedRanges = sorted
            return sorted
        }
    }

    private static func recount(_ selector: LabelSelector, _ facts: [String: Facts]) -> [PriceGroup: Int] {
        var groups: [PriceGroup: Int] = [:]
        for node in facts.values where selector.isEmpty || selector.matches(node.labels) { groups[node.group, default: 0] += 1 }
        return groups
    }

    private static func add(_ facts: Facts, by delta: Int, to state: inout State) {
        for selector in Array(state.bySelector.keys) where selector.isEmpty || selector.matches(facts.labels) {
            let count = (state.bySelector[selector]?[facts.group] ?? 0) + delta
            state.bySelector[selector]?[facts.group] = count > 0 ? count : nil
        }
        count(facts.prefixes, by: delta, in: &state)
    }

    private static func count(_ prefixes: [IPPrefix], by delta: Int, in state: inout State) {
        for prefix in prefixes {
            let before = state.ranges[prefix] ?? 0
            let after = before + delta
            state.ranges[prefix] = after > 0 ? after : nil
            // Sorted again only when a range comes or goes, not on every status update.
            if (before > 0) != (after > 0) { state.sortedRanges = nil }
        }
    }
}
