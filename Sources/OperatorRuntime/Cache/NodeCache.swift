import CostGuardAPI
import KubeClient
import KubeModel
import Synchronization

/// The node reflector's store, kept compact: of each node only what the guards read (its name,
/// labels, price group and own ranges), and per node selector a guard asks about how many nodes
/// of each price group it matches. A guard's totals then cost the same at 65,000 nodes as at 5,
/// a node event costs one label match per selector in use, and a node costs its labels, not
/// the whole object with its indexes (as kube-rs reflectors keep a trimmed object). At 65,000
/// nodes this took the operator from 246 MiB to 130.
package final class NodeCache: Sendable {
    /// The labels a node's price is read from when OpenCost does not price it by name.
    package struct PriceGroup: Sendable, Hashable {
        package var instanceType: String?
        package var capacityType: String?
    }

    /// What is kept of a node.
    struct Facts {
        var labels: NodeLabels
        var group: PriceGroup
        var prefixes: [IPPrefix]

        init(_ node: Node, keys: inout LabelKeys) {
            labels = NodeLabels(node.metadata.labels ?? [:]) { keys.shared($0) }
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

    /// Label keys are the same few on every node: each is stored once and shared, instead of a
    /// copy per node. Bounded, so that a cluster with a new key per node costs no more than
    /// keeping the copies.
    struct LabelKeys {
        static let limit = 4096
        private(set) var known: Set<String> = []

        mutating func shared(_ key: String) -> String {
            if let index = known.firstIndex(of: key) { return known[index] }
            if known.count < Self.limit { known.insert(key) }
            return key
        }
    }

    struct State {
        var facts: [String: Facts] = [:]
        /// A relist in progress; swapped in whole at `initDone`, as a store does.
        var relist: [String: Facts]?
        var firstList = FirstListGate()
        var keys = LabelKeys()
        var bySelector: [LabelSelector: [PriceGroup: Int]] = [:]
        var ranges: [IPPrefix: Int] = [:]
        /// `ranges`' keys sorted, made again only after they change.
        var sortedRanges: [IPPrefix]?
    }

    private let state = Mutex(State())

    package init() {}

    package var isSynced: Bool { state.withLock { $0.firstList.isOpen } }

    /// Returns once the first list is in (at once if it already is).
    package func waitUntilSynced() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if state.withLock({ $0.firstList.admit(continuation) }) { continuation.resume() }
        }
    }

    package func apply(_ event: WatcherEvent<Node>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            switch event {
            case .initStarted:
                state.relist = [:]
            case .initApply(let node):
                state.relist?[node.cacheKey] = Facts(node, keys: &state.keys)
            case .initDone:
                state.facts = state.relist ?? [:]
                state.relist = nil
                state.ranges = [:]
                state.sortedRanges = nil
                for facts in state.facts.values { Self.count(facts.prefixes, by: 1, in: &state) }
                for selector in state.bySelector.keys { state.bySelector[selector] = Self.recount(selector, state.facts) }
                return state.firstList.open()
            case .apply(let node):
                let facts = Facts(node, keys: &state.keys)
                if let old = state.facts.updateValue(facts, forKey: node.cacheKey) { Self.add(old, by: -1, to: &state) }
                Self.add(facts, by: 1, to: &state)
            case .delete(let node):
                if let old = state.facts.removeValue(forKey: node.cacheKey) { Self.add(old, by: -1, to: &state) }
            }
            return []
        }
        for waiter in waiters { waiter.resume() }
    }

    /// How many nodes the cache holds.
    package var count: Int { state.withLock { $0.facts.count } }

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

    /// The nodes `selector` matches, by name with their price group: for prices given per node.
    package func nodes(matching selector: LabelSelector) -> [(name: String, group: PriceGroup)] {
        state.withLock { state in
            state.facts.compactMap { name, facts in
                facts.labels.matches(selector) ? (name, facts.group) : nil
            }
        }
    }

    /// How many nodes carry each value of the label `key` (a Karpenter NodePool's nodes by pool).
    package func counts(byLabel key: String) -> [String: Int] {
        state.withLock { state in
            var counts: [String: Int] = [:]
            for facts in state.facts.values { if let value = facts.labels[key] { counts[value, default: 0] += 1 } }
            return counts
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
        for node in facts.values where node.labels.matches(selector) { groups[node.group, default: 0] += 1 }
        return groups
    }

    private static func add(_ facts: Facts, by delta: Int, to state: inout State) {
        for selector in Array(state.bySelector.keys) where facts.labels.matches(selector) {
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
