import CostGuardAPI

/// What the engine knows of the cluster at an evaluation: counted nodes, their price, and the
/// guarded workloads. The operator builds it from reflectors; replay from the reference model.
package struct ClusterView: Sendable, Hashable {
    /// Counted nodes, requested or ready.
    package var nodes: Int
    /// Their summed hourly price.
    package var hourlySpend: Double
    /// The hourly price of the next node the autoscaler would add.
    package var nextNodeHourly: Double
    /// Counted nodes that the guarded workloads do not need (system pods, other workloads).
    package var reservedNodes: Int
    package var workloads: [WorkloadView]
    /// Spend so far this calendar month, and seconds left in it (for `caps.monthlyBudget`).
    package var monthToDateSpend: Double
    package var secondsToMonthEnd: Double
    /// The cluster's own ranges (node, pod, service CIDRs): never denied.
    package var protectedPrefixes: [IPPrefix]

    package init(nodes: Int, hourlySpend: Double, nextNodeHourly: Double, reservedNodes: Int = 0,
                workloads: [WorkloadView], monthToDateSpend: Double = 0, secondsToMonthEnd: Double = 0,
                protectedPrefixes: [IPPrefix] = []) {
        self.nodes = nodes
        self.hourlySpend = hourlySpend
        self.nextNodeHourly = nextNodeHourly
        self.reservedNodes = reservedNodes
        self.workloads = workloads
        self.monthToDateSpend = monthToDateSpend
        self.secondsToMonthEnd = secondsToMonthEnd
        self.protectedPrefixes = protectedPrefixes
    }
}

/// One guarded workload (an HPA and what it scales).
package struct WorkloadView: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var replicas: Int
    package var minReplicas: Int
    /// The HPA's own maxReplicas (before any ceiling CostGuard imposes).
    package var maxReplicas: Int
    /// How many of its pods fit on one node.
    package var podsPerNode: Int

    package init(namespace: String, name: String, replicas: Int, minReplicas: Int, maxReplicas: Int, podsPerNode: Int) {
        self.namespace = namespace
        self.name = name
        self.replicas = replicas
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.podsPerNode = podsPerNode
    }
}
