/// Holds the hard caps proactively: a replica ceiling goes on before the HPA's next scale-up step
/// could add a node past a cap, so no frame ever exceeds it, and growth below the caps is untouched.
enum CapPlanner {
    struct Limit: Hashable {
        var nodes: Int
        var cap: CapKind
    }

    /// The most nodes the caps allow now, and which cap is the tightest.
    static func allowedNodes(_ policy: Policy, _ view: ClusterView) -> Limit? {
        var tightest: Limit?
        func consider(_ nodes: Int, _ cap: CapKind) {
            if tightest == nil || nodes < tightest!.nodes { tightest = Limit(nodes: nodes, cap: cap) }
        }
        if let maxNodes = policy.maxNodes { consider(maxNodes, .nodeCap) }
        let price = view.nextNodeHourly
        if let spend = policy.maxHourlySpend, price > 0 { consider(nodesWithin(hourly: spend, view), .spendCap) }
        if let budget = policy.monthlyBudget, price > 0, view.secondsToMonthEnd > 0 {
            // Month-to-date plus the run rate to month end stays within the budget.
            let hourly = (budget - view.monthToDateSpend) / (view.secondsToMonthEnd / 3600)
            consider(nodesWithin(hourly: hourly, view), .budget)
        }
        return tightest
    }

    /// Counted nodes whose hourly price stays within `hourly`, adding nodes at the next node's price.
    private static func nodesWithin(hourly: Double, _ view: ClusterView) -> Int {
        let headroom = (hourly - view.hourlySpend) / view.nextNodeHourly
        return max(0, view.nodes + Int((headroom + 1e-9).rounded(.down)))
    }

    /// The HPA's largest single scale-up step (Kubernetes' default policy: 100% or 4 pods per 15 s).
    static func largestStep(from replicas: Int) -> Int { max(2 * replicas, replicas + 4) }

    /// A ceiling for each workload whose next step could cross the limit; the free node headroom
    /// is shared evenly so that all guarded workloads growing at once still stay under it.
    static func ceilings(_ limit: Limit?, _ view: ClusterView, previous: [ReplicaCeiling]) -> [ReplicaCeiling] {
        guard let limit, !view.workloads.isEmpty else { return [] }
        let used = view.workloads.reduce(0) { $0 + nodesFor($1.replicas, $1.podsPerNode) }
        let free = limit.nodes - view.reservedNodes - used
        let share = free >= 0 ? free / view.workloads.count : -((-free + view.workloads.count - 1) / view.workloads.count)
        var result: [ReplicaCeiling] = []
        for workload in view.workloads {
            let capacity = max(0, nodesFor(workload.replicas, workload.podsPerNode) + share) * workload.podsPerNode
            let step = min(largestStep(from: workload.replicas), workload.maxReplicas)
            let held = previous.contains { $0.namespace == workload.namespace && $0.name == workload.name }
            // Once set, a ceiling stays until the workload is well below it, so it does not flap.
            guard step > capacity || (held && Double(step) > 0.75 * Double(capacity)) else { continue }
            let ceiling = min(workload.maxReplicas, max(capacity, workload.minReplicas, 1))
            guard ceiling < workload.maxReplicas else { continue }
            result.append(ReplicaCeiling(namespace: workload.namespace, name: workload.name, maxReplicas: ceiling, cap: limit.cap))
        }
        return result
    }

    static func nodesFor(_ replicas: Int, _ podsPerNode: Int) -> Int {
        (replicas + podsPerNode - 1) / max(podsPerNode, 1)
    }
}
