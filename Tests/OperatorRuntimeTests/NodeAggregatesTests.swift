import CostGuardAPI
import KubeClient
import KubeModel
@testable import OperatorRuntime
import ScenarioCatalog
import Testing

/// The watch-kept node counts must equal a recount of the nodes as they are, after any sequence
/// of adds, updates, deletes and relists, for selectors asked about before and during it.
@Suite struct NodeAggregatesTests {
    static let selectors = [
        LabelSelector(),
        LabelSelector(matchLabels: ["pool": "web"]),
        LabelSelector(matchExpressions: [.init(key: "pool", operator: .in, values: ["batch", "web"])]),
        LabelSelector(matchExpressions: [.init(key: "spot", operator: .doesNotExist)]),
    ]

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func countsEqualARecountAfterEveryEvent(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let aggregates = NodeAggregates()
        var nodes: [String: Node] = [:]
        // Two selectors asked about before any node arrives, two only part-way through.
        for selector in Self.selectors.prefix(2) { _ = aggregates.groups(matching: selector) }
        aggregates.apply(.initStarted)
        aggregates.apply(.initDone)
        for step in 0..<600 {
            let name = "node-\(random.next() % 40)"
            switch random.next() % 10 {
            case 0..<6:
                let node = Self.node(name, &random)
                nodes[name] = node
                aggregates.apply(.apply(node))
            case 6..<9:
                if let node = nodes.removeValue(forKey: name) { aggregates.apply(.delete(node)) }
            default:
                // A relist: the watch was lost; what it lists is the truth, whatever came before.
                aggregates.apply(.initStarted)
                nodes = [:]
                for index in 0..<Int(random.next() % 30) {
                    let node = Self.node("node-\(index)", &random)
                    nodes[node.metadata.name!] = node
                    aggregates.apply(.initApply(node))
                }
                aggregates.apply(.initDone)
            }
            let asked = step < 300 ? Self.selectors.prefix(2) : Self.selectors[...]
            for selector in asked {
                #expect(aggregates.groups(matching: selector) == Self.recount(selector, nodes), "step \(step), \(selector)")
            }
            #expect(aggregates.clusterRanges() == Self.ranges(nodes), "step \(step)")
        }
    }

    @Test func aRelistInProgressKeepsServingTheLastListUntilItIsDone() {
        let aggregates = NodeAggregates()
        var random = SplitMix64(seed: 9)
        aggregates.apply(.initStarted)
        aggregates.apply(.initApply(Self.node("a", &random)))
        aggregates.apply(.initDone)
        #expect(aggregates.groups(matching: LabelSelector()).values.reduce(0, +) == 1)
        aggregates.apply(.initStarted)
        aggregates.apply(.initApply(Self.node("b", &random)))
        aggregates.apply(.initApply(Self.node("c", &random)))
        #expect(aggregates.groups(matching: LabelSelector()).values.reduce(0, +) == 1)
        aggregates.apply(.initDone)
        #expect(aggregates.groups(matching: LabelSelector()).values.reduce(0, +) == 2)
    }

    @Test func aSelectorNoGuardHasIsNoLongerCountedAndIsCountedAfreshWhenAskedAgain() {
        var random = SplitMix64(seed: 11)
        let aggregates = NodeAggregates()
        var nodes: [String: Node] = [:]
        let web = Self.selectors[1]
        aggregates.apply(.initStarted)
        aggregates.apply(.initDone)
        _ = aggregates.groups(matching: web)
        aggregates.keepCounting(only: [LabelSelector()])
        #expect(aggregates.counted.isEmpty, "web is no longer counted")
        for index in 0..<50 {
            let node = Self.node("node-\(index)", &random)
            nodes[node.metadata.name!] = node
            aggregates.apply(.apply(node))
        }
        #expect(aggregates.groups(matching: web) == Self.recount(web, nodes))
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

    static func recount(_ selector: LabelSelector, _ nodes: [String: Node]) -> [NodeAggregates.PriceGroup: Int] {
        var groups: [NodeAggregates.PriceGroup: Int] = [:]
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
