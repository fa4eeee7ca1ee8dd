import CostGuardAPI
import KubeClient
import KubeModel
@testable import OperatorRuntime
import ScenarioCatalog
import Synchronization
import Testing

/// The node cache's counts, members and ranges must equal a recount of the nodes as they are,
/// after any sequence of adds, updates, deletes and relists, for selectors asked about before
/// and during it.
@Suite struct NodeCacheTests {
    static let selectors = [
        LabelSelector(),
        LabelSelector(matchLabels: ["pool": "web"]),
        LabelSelector(matchExpressions: [.init(key: "pool", operator: .in, values: ["batch", "web"])]),
        LabelSelector(matchExpressions: [.init(key: "spot", operator: .doesNotExist)]),
    ]

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func countsEqualARecountAfterEveryEvent(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let cache = NodeCache()
        var nodes: [String: Node] = [:]
        // Two selectors asked about before any node arrives, two only part-way through.
        for selector in Self.selectors.prefix(2) { _ = cache.groups(matching: selector) }
        cache.apply(.initStarted)
        cache.apply(.initDone)
        for step in 0..<600 {
            let name = "node-\(random.next() % 40)"
            switch random.next() % 10 {
            case 0..<6:
                let node = Self.node(name, &random)
                nodes[name] = node
                cache.apply(.apply(node))
            case 6..<9:
                if let node = nodes.removeValue(forKey: name) { cache.apply(.delete(node)) }
            default:
                // A relist: the watch was lost; what it lists is the truth, whatever came before.
                cache.apply(.initStarted)
                nodes = [:]
                for index in 0..<Int(random.next() % 30) {
                    let node = Self.node("node-\(index)", &random)
                    nodes[node.metadata.name!] = node
                    cache.apply(.initApply(node))
                }
                cache.apply(.initDone)
            }
            let asked = step < 300 ? Self.selectors.prefix(2) : Self.selectors[...]
            for selector in asked {
                #expect(cache.groups(matching: selector) == Self.recount(selector, nodes), "step \(step), \(selector)")
            }
            #expect(cache.clusterRanges() == Self.ranges(nodes), "step \(step)")
            let web = Self.selectors[1]
            #expect(Set(cache.nodes(matching: web).map(\.name)) == Set(nodes.values.filter { web.matches($0.metadata.labels ?? [:]) }
                .map { $0.metadata.name! }), "step \(step)")
            #expect(cache.counts(byLabel: "pool") == nodes.values.reduce(into: [:]) { $0[$1.metadata.labels!["pool"]!, default: 0] += 1 },
                    "step \(step)")
            #expect(cache.count == nodes.count)
        }
    }

    @Test func waitersAreLetGoOnceTheFirstListIsIn() async {
        let cache = NodeCache()
        var random = SplitMix64(seed: 5)
        cache.apply(.initStarted)
        cache.apply(.initApply(Self.node("a", &random)))
        #expect(!cache.isSynced)
        let returned = Mutex(false)
        async let synced: Void = { await cache.waitUntilSynced(); returned.withLock { $0 = true } }()
        try? await Task.sleep(for: .milliseconds(20))
        #expect(!returned.withLock { $0 }, "a waiter returned before the first list was in")
        cache.apply(.initDone)
        await synced
        #expect(cache.isSynced && cache.count == 1)
        await cache.waitUntilSynced()
    }

    /// The sorted labels answer as the dictionary they were made from, for lookups and selectors.
    @Test func sortedLabelsAnswerAsTheirDictionary() {
        var random = SplitMix64(seed: 21)
        let keys = ["a", "pool", "spot", "zone", "node.kubernetes.io/instance-type", "z", "kubernetes.io/hostname"]
        for _ in 0..<500 {
            var labels: [String: String] = [:]
            for key in keys where random.next() % 2 == 0 { labels[key] = ["web", "batch", "true", ""][Int(random.next() % 4)] }
            let sorted = NodeLabels(labels) { $0 }
            for key in keys + ["missing", ""] { #expect(sorted[key] == labels[key]) }
            for selector in Self.selectors { #expect(sorted.matches(selector) == (selector.isEmpty || selector.matches(labels))) }
        }
    }

    /// A label key is stored once for every node that has it, up to a bound.
    @Test func labelKeysAreSharedUpToABound() {
        var keys = NodeCache.LabelKeys()
        func storage(_ text: String) -> UnsafePointer<UInt8>? { (text.utf8.withContiguousStorageIfAvailable { $0.baseAddress }) ?? nil }
        let first = keys.shared(String("node.kubernetes.io/instance-type".reversed().reversed()))
        let second = keys.shared(String("node.kubernetes.io/instance-type".reversed().reversed()))
        #expect(first == second && storage(first) == storage(second))
        for index in 0..<(NodeCache.LabelKeys.limit + 10) { _ = keys.shared("example.com/key-\(index)") }
        #expect(keys.known.count == NodeCache.LabelKeys.limit)
        #expect(keys.shared("example.com/one-more-key") == "example.com/one-more-key")
    }

    @Test func aRelistInProgressKeepsServingTheLastListUntilItIsDone() {
        let cache = NodeCache()
        var random = SplitMix64(seed: 9)
        cache.apply(.initStarted)
        cache.apply(.initApply(Self.node("a", &random)))
        cache.apply(.initDone)
        #expect(cache.groups(matching: LabelSelector()).values.reduce(0, +) == 1)
        cache.apply(.initStarted)
        cache.apply(.initApply(Self.node("b", &random)))
        cache.apply(.initApply(Self.node("c", &random)))
        #expect(cache.groups(matching: LabelSelector()).values.reduce(0, +) == 1)
        cache.apply(.initDone)
        #expect(cache.groups(matching: LabelSelector()).values.reduce(0, +) == 2)
    }

    @Test func aSelectorNoGuardHasIsNoLongerCountedAndIsCountedAfreshWhenAskedAgain() {
        var random = SplitMix64(seed: 11)
        let cache = NodeCache()
        var nodes: [String: Node] = [:]
        let web = Self.selectors[1]
        cache.apply(.initStarted)
        cache.apply(.initDone)
        _ = cache.groups(matching: web)
        cache.keepCounting(only: [LabelSelector()])
        #expect(cache.counted.isEmpty, "web is no longer counted")
        for index in 0..<50 {
            let node = Self.node("node-\(index)", &random)
            nodes[node.metadata.name!] = node
            cache.apply(.apply(node))
        }
        #expect(cache.groups(matching: web) == Self.recount(web, nodes))
    }

    static func node(_ name: String, _ random: inout SplitMix64) -> Node {
        var labels = ["pool": ["web", "batch", "system"][Int(random.next() % 3)]]
        if random.next() % 2 == 0 { labels[Node.instanceTypeLabel] = ["m5.large", "c6g.xlarge"][Int(random.next() % 2)] }
        if random.next() % 3 == 0 { labels["spot"] = "true"; labels[Node.capacityTypeLabel] = "spot" }
        // Addresses are shared between nodes now and then, as a ranges count must allow.
        let octet = random.next() % 50
        return Node(metadata: ObjectMeta(name: name, labels: labels),
                    spec: NodeSpec(podCIDRs: ["10.\(octet).0.0/24"]),
                    status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.0.\(octet)"),
                                                   NodeAddress(type: "Hostname", address: name)]))
    }

    static func recount(_ selector: LabelSelector, _ nodes: [String: Node]) -> [NodeCache.PriceGroup: Int] {
        var groups: [NodeCache.PriceGroup: Int] = [:]
        for node in nodes.values where selector.matches(node.metadata.labels ?? [:]) {
            groups[.init(instanceType: node.instanceType, capacityType: node.capacityType), default: 0] += 1
        }
        return groups
    }

    static func ranges(_ nodes: [String: Node]) -> [IPPrefix] {
        var ranges: Set<IPPrefix> = []
        for node in nodes.values {
            for cidr in node.spec?.podCIDRs ?? [] { ranges.insert(IPPrefix(cidr)!) }
            for address in node.status?.addresses ?? [] where address.type == "InternalIP" { ranges.insert(IPPrefix(address.address + "/32")!) }
        }
        return ranges.sorted()
    }
}
