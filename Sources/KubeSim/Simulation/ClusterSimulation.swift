import Foundation
import GuardCore
import KubeModel

/// The demo's cluster: a simulated HPA controller and node autoscaler, and the traffic of a
/// scenario, acting on KubeSim's objects the way the real controllers would. Each step reads
/// the HPA as the operator left it (scale-up `Disabled`, a lowered `maxReplicas`), scales with
/// the reference cluster model of spec/scenarios.md, and writes the HPA's status (replicas and
/// a Pods metric whose value times replicas is the offered rate) and the Node objects.
/// An unguarded twin scales the same traffic with no guard, for the comparison.
package struct ClusterSimulation: Sendable {
    package static let metricName = "requests_per_second"
    package static let instanceType = "sim.node"

    package let header: ScenarioHeader
    package let guardName: String
    let state: ClusterState
    private var guarded: ReferenceCluster
    private var unguarded: ReferenceCluster
    private var nodeNames: [String] = []
    private var nodeSerial = 0
    /// How many of the oldest nodes carry Ready=True (the reference model's ready nodes are its oldest).
    private var readyMarked = 0

    package struct Step: Sendable {
        package var t: Double
        package var rps: Double
        package var deniedRps: Double
        package var guarded: ReferenceCluster.Step
        package var unguarded: ReferenceCluster.Step
        /// What the HPA said when the step began: the operator's decisions of the previous interval.
        package var paused: Bool
        package var ceiling: Int?
        /// The resourceVersion of the HPA after this step's status write.
        package var hpaVersion: Int64
    }

    package init(header: ScenarioHeader, guardName: String, state: ClusterState) {
        self.header = header
        self.guardName = guardName
        self.state = state
        guarded = ReferenceCluster(cluster: header.cluster, workload: header.workload, interval: header.interval)
        unguarded = guarded
    }

    var hpaType: ResourceType { state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers")! }
    var nodeType: ResourceType { state.resourceType(group: "", version: "v1", plural: "nodes")! }

    /// The workload's namespace, its HPA (labelled `costguard.dev/guard: NAME`) and the first nodes.
    package mutating func install() throws {
        let workload = header.workload
        let namespaceType = state.resourceType(group: "", version: "v1", plural: "namespaces")!
        if try state.object(namespaceType, namespace: nil, name: workload.namespace) == nil {
            try state.create(namespaceType, namespace: nil, body: ["metadata": ["name": .string(workload.namespace)]])
        }
        let target = workload.rpsPerPod * workload.targetUtilization
        try state.create(hpaType, namespace: workload.namespace, body: [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": .string(workload.name), "namespace": .string(workload.namespace),
                         "labels": ["costguard.dev/guard": .string(guardName)],
                         "annotations": ["costguard.dev/pods-per-node": .string(String(header.cluster.podsPerNode))]],
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(workload.name)],
                "minReplicas": .int(Int64(workload.minReplicas)), "maxReplicas": .int(Int64(workload.maxReplicas)),
                "metrics": [["type": "Pods", "pods": ["metric": ["name": .string(Self.metricName)],
                                                        "target": ["type": "AverageValue", "averageValue": .string(Self.quantity(target))]]]],
            ],
        ])
        try scaleNodes(to: header.cluster.nodes)
        try markReady(header.cluster.nodes)
    }

    /// One interval of traffic at `rps`, of which `deniedRps` comes from networks the guard's
    /// deny list blocks (the guarded cluster never sees it): the HPA and the node autoscaler act on it.
    package mutating func step(t: Double, rps: Double, deniedRps: Double = 0) throws -> Step {
        let workload = header.workload
        guard let hpa = try state.object(hpaType, namespace: workload.namespace, name: workload.name) else {
            throw SimError(message: "the simulated HPA \(workload.namespace)/\(workload.name) was deleted")
        }
        let paused = hpa.value(atPath: "spec.behavior.scaleUp.selectPolicy")?.stringValue == "Disabled"
        let maxReplicas = hpa.value(atPath: "spec.maxReplicas")?.intValue.map(Int.init) ?? workload.maxReplicas
        let ceiling = maxReplicas < workload.maxReplicas ? maxReplicas : nil
        let guardedStep = guarded.step(t: t, rps: rps, deniedRps: deniedRps, paused: paused, ceiling: ceiling)
        let unguardedStep = unguarded.step(t: t, rps: rps, deniedRps: 0, paused: false, ceiling: nil)

        try scaleNodes(to: guardedStep.nodes)
        try markReady(guardedStep.readyNodes)
        let replicas = max(guardedStep.replicas, 1)
        let written = try state.patch(hpaType, namespace: workload.namespace, name: workload.name, subresource: "status", patchType: .merge, patch: [
            "status": [
                "currentReplicas": .int(Int64(guardedStep.replicas)), "desiredReplicas": .int(Int64(guardedStep.desired)),
                "currentMetrics": [["type": "Pods", "pods": ["metric": ["name": .string(Self.metricName)],
                                                               "current": ["averageValue": .string(Self.quantity(guardedStep.admitted / Double(replicas)))]]]],
            ],
        ])
        return Step(t: t, rps: rps, deniedRps: deniedRps, guarded: guardedStep, unguarded: unguardedStep, paused: paused, ceiling: ceiling,
                    hpaVersion: written.value(atPath: "metadata.resourceVersion")?.stringValue.flatMap { Int64($0) } ?? 0)
    }

    /// Adds nodes (newest last) or removes the newest, as the reference model does.
    private mutating func scaleNodes(to count: Int) throws {
        while nodeNames.count < count {
            nodeSerial += 1
            let name = String(format: "sim-node-%04d", nodeSerial)
            try state.create(nodeType, namespace: nil, body: [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(name), "labels": [Node.instanceTypeLabel: .string(Self.instanceType),
                                                                "kubernetes.io/hostname": .string(name)]],
                "spec": ["podCIDRs": [.string("10.244.\(nodeSerial % 256).0/24")]],
                "status": [
                    "addresses": [["type": "InternalIP", "address": .string("10.0.\(nodeSerial / 256 % 256).\(nodeSerial % 256)")]],
                    "conditions": [Self.readyCondition(false)],
                ],
            ])
            nodeNames.append(name)
        }
        while nodeNames.count > count {
            try state.delete(nodeType, namespace: nil, name: nodeNames.removeLast())
        }
        readyMarked = min(readyMarked, nodeNames.count)
    }

    /// Sets Ready=True on nodes as they become ready (a node is NotReady while it provisions), so
    /// kubectl's STATUS column reads from status as on a real cluster.
    private mutating func markReady(_ ready: Int) throws {
        while readyMarked < min(ready, nodeNames.count) {
            _ = try state.patch(nodeType, namespace: nil, name: nodeNames[readyMarked], subresource: "status", patchType: .merge,
                                patch: ["status": ["conditions": [Self.readyCondition(true)]]])
            readyMarked += 1
        }
    }

    /// The kubelet's Ready condition.
    static func readyCondition(_ ready: Bool) -> JSONValue {
        ["type": "Ready", "status": ready ? "True" : "False",
         "reason": ready ? "KubeletReady" : "KubeletNotReady",
         "message": ready ? "kubelet is posting ready status" : "node is provisioning"]
    }

    /// A quantity in thousandths, as the metrics APIs write them ("41500m").
    static func quantity(_ value: Double) -> String { "\(Int64((max(0, value) * 1000).rounded()))m" }
}
