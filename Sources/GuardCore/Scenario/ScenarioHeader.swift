import CostGuardAPI
import Foundation

/// Line 1 of a scenario file (spec/scenarios.md, version 1).
package struct ScenarioHeader: Sendable, Hashable {
    package var name: String
    package var interval: Double
    package var start: Date
    package var cluster: ClusterParameters
    package var workload: WorkloadParameters
    package var guardSpec: CostGuardSpec
    /// For scoring only; nothing that decides reads it.
    package var truth: Truth?

    package init(name: String, interval: Double, start: Date, cluster: ClusterParameters,
                workload: WorkloadParameters, guardSpec: CostGuardSpec, truth: Truth? = nil) {
        self.name = name
        self.interval = interval
        self.start = start
        self.cluster = cluster
        self.workload = workload
        self.guardSpec = guardSpec
        self.truth = truth
    }

    package struct Truth: Sendable, Hashable {
        package var `class`: String
        package var onset: Double?
        package var end: Double?
        package init(class: String, onset: Double? = nil, end: Double? = nil) {
            self.class = `class`
            self.onset = onset
            self.end = end
        }
    }
}

/// The simulated cluster of the reference model.
package struct ClusterParameters: Sendable, Hashable {
    package var nodes: Int
    package var minNodes: Int
    package var maxNodes: Int
    package var podsPerNode: Int
    package var nodeHourlyPrice: Double
    package var nodeProvisionSeconds: Double
    package var nodeScaleDownSeconds: Double

    package init(nodes: Int, minNodes: Int, maxNodes: Int, podsPerNode: Int, nodeHourlyPrice: Double,
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
package struct WorkloadParameters: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var minReplicas: Int
    package var maxReplicas: Int
    package var rpsPerPod: Double
    package var targetUtilization: Double
    package var podStartSeconds: Double
    package var scaleDownStabilizationSeconds: Double

    package init(namespace: String, name: String, minReplicas: Int, maxReplicas: Int, rpsPerPod: Double,
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
