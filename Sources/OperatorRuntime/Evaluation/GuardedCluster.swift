import CostGuardAPI
import GuardCore
import KubeClient
import KubeModel
import Signals

/// One guard's share of the cluster, read from the caches: the HPAs it guards, the nodes it
/// counts and prices, and the ClusterView the decision engine takes.
struct GuardedCluster: Sendable {
    static let excludeAnnotation = "costguard.dev/exclude"
    static let podsPerNodeAnnotation = "costguard.dev/pods-per-node"

    /// Guarded HPAs by cache key (`namespace/name`), sorted.
    var hpaKeys: [String]
    var view: ClusterView

    /// The guard's share, from its HPAs (`guardedHPAs`). `monthToDate` and `secondsToMonthEnd`
    /// come from the guard's own spend record.
    init(spec: CostGuardSpec, nodeTotals: NodeTotals, clusterRanges: @autoclosure () -> [IPPrefix],
         guarded: (keys: [String], hpas: [HorizontalPodAutoscaler]), monthToDate: Double, secondsToMonthEnd: Double) {
        let selected = guarded.hpas
        hpaKeys = guarded.keys

        let count = nodeTotals.count
        let totalReplicas = selected.reduce(0) { $0 + Int($1.status?.currentReplicas ?? 0) }
        // Without a hint, assume the guarded pods fill the counted nodes evenly: this under-counts
        // pods per node when nodes carry other work too, which makes ceilings stricter, not looser.
        let estimate = count > 0 ? max(1, totalReplicas / count) : 1
        let workloads = selected.map { hpa in
            WorkloadView(namespace: hpa.metadata.namespace ?? "", name: hpa.metadata.name ?? "",
                         replicas: Int(hpa.status?.currentReplicas ?? 0), minReplicas: Int(hpa.spec.minReplicas ?? 1),
                         maxReplicas: HPAAnnotations.originalMaxReplicas(of: hpa),
                         podsPerNode: hpa.metadata.annotations?[Self.podsPerNodeAnnotation].flatMap { Int($0) }.map { max(1, $0) }
                            ?? estimate)
        }
        let used = workloads.reduce(0) { $0 + ($1.replicas + $1.podsPerNode - 1) / $1.podsPerNode }
        view = ClusterView(nodes: count, hourlySpend: nodeTotals.hourlySpend, nextNodeHourly: nodeTotals.nextNodeHourly,
                           reservedNodes: max(0, count - used), workloads: workloads,
                           monthToDateSpend: monthToDate, secondsToMonthEnd: secondsToMonthEnd,
                           protectedPrefixes: spec.actions.denyList.enabled ? clusterRanges() : [])
    }

    /// HPAs in namespaces the namespace selector matches, matching the HPA selector, and not
    /// opted out with `costguard.dev/exclude: "true"`; sorted by key (`namespace/name`) so plans
    /// are stable. Keys are chosen and sorted first, and each HPA is copied out of the store
    /// once: moving HPAs in a sort, and copying them through three filters, was a third of a
    /// guard's evaluation at 10,000 HPAs.
    static func guardedHPAs(_ targets: CostGuardSpec.Targets, hpas: StoreSnapshot<HorizontalPodAutoscaler>,
                            namespaces: StoreSnapshot<Namespace>) -> (keys: [String], hpas: [HorizontalPodAutoscaler]) {
        var keys = hpas.keys(matching: targets.hpaSelector)
        if !targets.namespaceSelector.isEmpty {
            var allowed: [Substring: Bool] = [:]
            keys = keys.filter { key in
                let namespace = key.prefix { $0 != "/" }
                if let known = allowed[namespace] { return known }
                let matches = targets.namespaceSelector.matches(namespaces.get(String(namespace))?.metadata.labels ?? [:])
                allowed[namespace] = matches
                return matches
            }
        }
        keys.sort()
        var kept: [String] = []
        var selected: [HorizontalPodAutoscaler] = []
        kept.reserveCapacity(keys.count)
        selected.reserveCapacity(keys.count)
        for key in keys {
            guard let hpa = hpas.get(key), hpa.metadata.annotations?[excludeAnnotation] != "true" else { continue }
            kept.append(key)
            selected.append(hpa)
        }
        return (kept, selected)
    }
}

/// The counted nodes, their summed hourly price, and the price of the next node (the priciest
/// counted one, so a cap is never crossed by a dearer node than expected).
struct NodeTotals: Sendable, Hashable {
    var count = 0
    var hourlySpend = 0.0
    var nextNodeHourly: Double
    /// Counted nodes OpenCost has a price for by name (0 when it prices none by name).
    var pricedByOpenCost = 0

    /// From the watch-kept counts per price group: no node is visited, unless OpenCost prices
    /// nodes by name; then each counted node is priced.
    init(spec: CostGuardSpec, prices: PriceTable, nodes: NodeCache) {
        var priciest = 0.0
        var count = 0
        var spend = 0.0
        var priced = 0
        if let openCost = prices.openCost, !openCost.byNode.isEmpty {
            for node in nodes.nodes(matching: spec.targets.nodeSelector) {
                let price = prices.hourly(node.name, node.group)
                if openCost.byNode[node.name] != nil { priced += 1 }
                count += 1
                spend += price
                priciest = max(priciest, price)
            }
        } else {
            for (group, members) in nodes.groups(matching: spec.targets.nodeSelector) {
                let price = prices.hourly(group)
                count += members
                spend += price * Double(members)
                priciest = max(priciest, price)
            }
        }
        self.count = count
        pricedByOpenCost = priced
        hourlySpend = spend
        nextNodeHourly = priciest > 0 ? priciest : prices.defaultHourly
    }
}

/// A guard's pricing as plain numbers, made once per spec: OpenCost's price for the node when
/// it has one (then its mean for the node's instance type), else `instanceTypes[type]` (else
/// `defaultNodeHourly`) times `capacityTypeFactors[capacity]`.
struct PriceTable: Sendable, Hashable {
    var defaultHourly: Double
    var instanceTypes: [String: Double]
    var capacityFactors: [String: Double]
    /// The last prices OpenCost gave (kept when it stops answering: fail-static).
    var openCost: OpenCostPrices?

    init(_ pricing: CostGuardSpec.Pricing) {
        defaultHourly = pricing.defaultNodeHourly.double
        instanceTypes = pricing.instanceTypes.mapValues(\.double)
        capacityFactors = pricing.capacityTypeFactors.mapValues(\.double)
    }

    func hourly(_ name: String, _ group: NodeCache.PriceGroup) -> Double {
        openCost?.byNode[name] ?? hourly(group)
    }

    /// The price of a node OpenCost does not price by name.
    func hourly(_ group: NodeCache.PriceGroup) -> Double {
        if let price = group.instanceType.flatMap({ openCost?.byInstanceType[$0] }) { return price }
        var price = group.instanceType.flatMap { instanceTypes[$0] } ?? defaultHourly
        if let capacity = group.capacityType, let factor = capacityFactors[capacity] { price *= factor }
        return price
    }
}
