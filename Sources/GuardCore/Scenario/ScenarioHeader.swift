import CostGuardAPI
import Foundation

/// Line 1 of a scenario file (spec/scenarios.md, version 1).
public struct ScenarioHeader: Sendable, Hashable {
    public var name: String
    public var interval: Double
    public var start: Date
    public var cluster: ClusterParameters
    public var workload: WorkloadParameters
    public var guardSpec: CostGuardSpec
    /// For scoring only; nothing that decides reads it.
    public var truth: Truth?

    public init(name: String, interval: Double, start: Date, cluster: ClusterParameters,
                workload: WorkloadParameters, guardSpec: CostGuardSpec, truth: Truth? = nil) {
        self.name = name
        self.interval = interval
        self.start = start
        self.cluster = cluster
        self.workload = workload
        self.guardSpec = guardSpec
        self.truth = truth
    }

    public struct Truth: Sendable, Hashable {
        public var `class`: String
        public var onset: Double?
        public var end: Double?
        public init(class: String, onset: Double? = nil, end: Double? = nil) {
            self.class = `class`
            self.onset = onset
            self.end = end
        }
    }
}

/// The simulated cluster of the reference model.
public struct ClusterParameters: Sendable, Hashable {
    public var nodes: Int
    public var minNodes: Int
    public var maxNodes: Int
    public var podsPerNode: Int
    public var nodeHourlyPrice: Double
    public var nodeProvisionSeconds: Double
    public var nodeScaleDownSeconds: Double

    public init(nodes: Int, minNodes: Int, maxNodes: Int, podsPerNode: Int, nodeHourlyPrice: Double,
                nodeProvisionSeconds: Double, nodeScaleDownSeconds: Double) {
        self.nodes = nodes
        self.minNodes = minNodes
        self.maxNodes = maxNodes
        self.podsPerNode = podsPerNode
        self.nodeHourlyPrice = nodeHourlyPrice
        self.nodeProvisionSeconds = nodeProvisionSeconds
        self.nodeScaleDownSeconds = nodeScaleDownSeconds
    }
}

/// The guarded workload and its HPA in the reference model.
public struct WorkloadParameters: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var minReplicas: Int
    public var maxReplicas: Int
    public var rpsPerPod: Double
    public var targetUtilization: Double
    public var podStartSeconds: Double
    public var scaleDownStabilizationSeconds: Double

    public init(namespace: String, name: String, minReplicas: Int, maxReplicas: Int, rpsPerPod: Double,
                targetUtilization: Double, podStartSeconds: Double, scaleDownStabilizationSeconds: Double) {
        self.namespace = namespace
        self.name = name
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.rpsPerPod = rpsPerPod
        self.targetUtilization = targetUtilization
        self.podStartSeconds = podStartSeconds
        self.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds
    }
}
