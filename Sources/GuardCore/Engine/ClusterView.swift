import CostGuardAPI

/// What the engine knows of the cluster at an evaluation: counted nodes, their price, and the
/// guarded workloads. The operator builds it from reflectors; replay from the reference model.
public struct ClusterView: Sendable, Hashable {
    /// Counted nodes, requested or ready.
    public var nodes: Int
    /// Their summed hourly price.
    public var hourlySpend: Double
    /// The hourly price of the next node the autoscaler would add.
    public var nextNodeHourly: Double
    /// Counted nodes that the guarded workloads do not need (system pods, other workloads).
    public var reservedNodes: Int
    public var workloads: [WorkloadView]
    /// Spend so far this calendar month, and seconds left in it (for `caps.monthlyBudget`).
    public var monthToDateSpend: Double
    public var secondsToMonthEnd: Double
    /// The cluster's own ranges (node, pod, service CIDRs): never denied.
    public var protectedPrefixes: [IPPrefix]

    public init(nodes: Int, hourlySpend: Double, nextNodeHourly: Double, reservedNodes: Int = 0,
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
public struct WorkloadView: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var replicas: Int
    public var minReplicas: Int
    /// The HPA's own maxReplicas (before any ceiling CostGuard imposes).
    public var maxReplicas: Int
    /// How many of its pods fit on one node.
    public var podsPerNode: Int

    public init(namespace: String, name: String, replicas: Int, minReplicas: Int, maxReplicas: Int, podsPerNode: Int) {
        self.namespace = namespace
        self.name = name
        self.replicas = replicas
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.podsPerNode = podsPerNode
    }
}
