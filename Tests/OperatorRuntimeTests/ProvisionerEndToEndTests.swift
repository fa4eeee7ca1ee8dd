import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import Testing

/// The objects outside HPAs that guards change, end to end on the demo scenario against KubeSim:
/// a Traefik Middleware's rate limit is tightened for the surge and restored after; an HPA that
/// KEDA manages is paused through its ScaledObject, not the HPA; the node cap is held at a
/// Karpenter NodePool and a Cluster API MachineDeployment; deleting the guard restores them all
/// before its finalizer goes; DryRun changes none of them.
@Suite(.serialized) struct ProvisionerEndToEndTests {
    struct Kinds {
        var middleware: ResourceType
        var scaledObject: ResourceType
        var nodePool: ResourceType
        var machineDeployment: ResourceType
    }

    static let externalKinds: Set<String> = ["middlewares", "scaledobjects", "nodepools", "machinedeployments"]
    static let originalMiddleware: JSONValue = ["average": 100, "burst": 200, "period": "1s"]

    /// The four CRDs and one object of each, as a user would have them before CostGuard.
    static func install(_ cluster: SimulatedCluster, kedaOwnsTheHPA: Bool) throws -> Kinds {
        let state = cluster.state
        let crdType = try #require(state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
        let crds: [(String, String, String, String, Bool)] = [
            ("traefik.io", "v1alpha1", "middlewares", "Middleware", true),
            ("keda.sh", "v1alpha1", "scaledobjects", "ScaledObject", true),
            ("karpenter.sh", "v1", "nodepools", "NodePool", false),
            ("cluster.x-k8s.io", "v1beta1", "machinedeployments", "MachineDeployment", true),
        ]
        for (group, version, plural, kind, namespaced) in crds {
            var crd = DenyListEndToEndTests.crd(group: group, version: version, plural: plural, kind: kind)
            var spec = crd["spec"] ?? [:]
            spec["scope"] = namespaced ? "Namespaced" : "Cluster"
            crd["spec"] = spec
            try state.create(crdType, namespace: nil, body: crd)
        }
        func type(_ group: String, _ version: String, _ plural: String) throws -> ResourceType {
            try #require(state.resourceType(group: group, version: version, plural: plural))
        }
        let kinds = Kinds(middleware: try type("traefik.io", "v1alpha1", "middlewares"),
                          scaledObject: try type("keda.sh", "v1alpha1", "scaledobjects"),
                          nodePool: try type("karpenter.sh", "v1", "nodepools"),
                          machineDeployment: try type("cluster.x-k8s.io", "v1beta1", "machinedeployments"))
        let namespace = cluster.header.workload.namespace
        try state.create(kinds.middleware, namespace: namespace, body: [
            "apiVersion": "traefik.io/v1alpha1", "kind": "Middleware",
            "metadata": ["name": "prod-rate-limit", "namespace": .string(namespace)],
            "spec": ["rateLimit": originalMiddleware],
        ])
        try state.create(kinds.scaledObject, namespace: namespace, body: [
            "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": ["name": .string(cluster.header.workload.name), "namespace": .string(namespace)],
            "spec": ["scaleTargetRef": ["name": .string(cluster.header.workload.name)], "maxReplicaCount": 80],
        ])
        try state.create(kinds.nodePool, namespace: nil, body: [
            "apiVersion": "karpenter.sh/v1", "kind": "NodePool",
            "metadata": ["name": "general", "labels": ["costguard.dev/pool": "shop"]],
            "spec": ["limits": ["cpu": "1000"]],
        ])
        try state.create(kinds.nodePool, namespace: nil, body: [
            "apiVersion": "karpenter.sh/v1", "kind": "NodePool",
            "metadata": ["name": "unrelated"], "spec": ["limits": ["cpu": "1000"]],
        ])
        try state.create(kinds.machineDeployment, namespace: namespace, body: [
            "apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "MachineDeployment",
            "metadata": ["name": "workers", "namespace": .string(namespace), "labels": ["costguard.dev/pool": "shop"],
                         "annotations": ["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size": "50",
                                         "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size": "1"]],
            "spec": ["replicas": 3], "status": ["replicas": 3],
        ])
        if kedaOwnsTheHPA {
            let hpaType = try type("autoscaling", "v2", "horizontalpodautoscalers")
            _ = try state.patch(hpaType, namespace: namespace, name: cluster.header.workload.name, patchType: .merge, patch: [
                "metadata": ["ownerReferences": [[
                    "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "name": .string(cluster.header.workload.name),
                    "uid": "keda-uid", "controller": true,
                ]]],
            ])
        }
        return kinds
    }

    static func guardSpec(_ cluster: SimulatedCluster, mode: CostGuardSpec.Mode, maxNodes: Int) -> JSONValue {
        var spec = cluster.guardSpec(mode: mode)
        spec["caps"] = ["maxNodes": .int(Int64(maxNodes))]
        var actions = spec["actions"] ?? [:]
        actions["rateLimit"] = [
            "enabled": true, "middleware": ["namespace": .string(cluster.header.workload.namespace), "name": "prod-rate-limit"],
            "surgeAverage": 10, "surgeBurst": 20,
        ]
        actions["nodePools"] = [
            "karpenterNodePoolSelector": ["matchLabels": ["costguard.dev/pool": "shop"]],
            "clusterAPIMachineDeploymentSelector": ["matchLabels": ["costguard.dev/pool": "shop"]],
        ]
        // The pause path: the rate limit and KEDA's paused annotation follow the outright pause.
        actions["pauseScaleUp"] = ["response": "Pause"]
        spec["actions"] = actions
        return spec
    }

    static func object(_ cluster: SimulatedCluster, _ type: ResourceType, _ name: String, namespaced: Bool = true) throws -> JSONValue {
        try #require(try cluster.state.object(type, namespace: namespaced ? cluster.header.workload.namespace : nil, name: name))
    }

    static func costGuardMarks(_ object: JSONValue) -> [String] {
        let annotations = (object.value(atPath: "metadata.annotations")?.objectValue ?? [:]).keys.filter { $0.hasPrefix("costguard.dev/") }
        let labels = (object.value(atPath: "metadata.labels")?.objectValue ?? [:]).keys.filter { $0.hasPrefix("costguard.dev/") && $0 != "costguard.dev/pool" }
        return (annotations + labels).sorted()
    }

    @Test func rateLimitScaledObjectAndNodePoolsAreHeldAndRestored() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let kinds = try Self.install(cluster, kedaOwnsTheHPA: true)
            let maxNodes = 40
            try cluster.createGuard(spec: Self.guardSpec(cluster, mode: .enforce, maxNodes: maxNodes))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                let workload = header.workload.name

                var tightened = false
                var kedaPaused = false
                var resumedAfterPause = false
                var sawPoolLimit = false
                var stepsWritingSeveralKinds = 0
                for frame in frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 3600 {
                    let before = cluster.state.requests.count
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let result = results[0].result
                    // Every kind is read before any is written (one plan from one read).
                    let external = cluster.state.requests.dropFirst(before).filter { Self.externalKinds.contains($0.resource) }
                    if let firstWrite = external.firstIndex(where: { !["get", "list", "watch"].contains($0.verb) }) {
                        let readLate = external[firstWrite...].filter { ["get", "list"].contains($0.verb) }
                        #expect(readLate.isEmpty, "t=\(frame.t): read after a write: \(readLate.map { "\($0.verb) \($0.resource)" })")
                        let written = Set(external[firstWrite...].filter { !["get", "list", "watch"].contains($0.verb) }.map(\.resource))
                        if written.count > 1 { stepsWritingSeveralKinds += 1 }
                    }
                    let middleware = try Self.object(cluster, kinds.middleware, "prod-rate-limit")
                    let scaledObject = try Self.object(cluster, kinds.scaledObject, workload)
                    let pool = try Self.object(cluster, kinds.nodePool, "general", namespaced: false)
                    let deployment = try Self.object(cluster, kinds.machineDeployment, "workers")
                    let rateLimit = middleware.value(atPath: "spec.rateLimit")
                    let paused = scaledObject.value(atPath: "metadata.annotations")?["autoscaling.keda.sh/paused-scale-out"]?.stringValue == "true"

                    if result.plan.rateLimitTightened {
                        // The decision after frame k acts at the pass that made it.
                        #expect(rateLimit?["average"]?.intValue == 10 && rateLimit?["burst"]?.intValue == 20, "t=\(frame.t): \(String(describing: rateLimit))")
                        #expect(rateLimit?["period"]?.stringValue == "1s")
                        #expect(middleware.value(atPath: "metadata.annotations")?["costguard.dev/original-rate-limit-average"] == "100")
                        tightened = true
                    } else {
                        #expect(rateLimit == Self.originalMiddleware, "t=\(frame.t): not restored: \(String(describing: rateLimit))")
                    }
                    if result.plan.pauseReason == .surge {
                        #expect(paused, "the ScaledObject is not paused at t=\(frame.t)")
                        kedaPaused = kedaPaused || paused
                    } else if kedaPaused, !paused {
                        resumedAfterPause = true
                        #expect(Self.costGuardMarks(scaledObject).isEmpty, "\(Self.costGuardMarks(scaledObject))")
                    }
                    // KEDA owns the HPA: CostGuard never pauses it directly (KEDA would revert it).
                    #expect(SimulationSupport.selectPolicy(try cluster.hpa()) != "Disabled")

                    // The node cap at the provisioners: each pool may grow by the headroom left, no more.
                    let headroom = max(0, maxNodes - result.nodes)
                    let limit = pool.value(atPath: "spec.limits.nodes")
                    let limitValue = limit?.intValue ?? limit?.stringValue.flatMap { Int64($0) }
                    #expect(limitValue.map(Int.init) == headroom, "t=\(frame.t): NodePool limit \(String(describing: limit)), headroom \(headroom)")
                    #expect(pool.value(atPath: "spec.limits")?["cpu"] == "1000")
                    let maxSize = deployment.value(atPath: "metadata.annotations")?["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"]?.stringValue
                    #expect(maxSize == String(min(50, 3 + headroom)), "t=\(frame.t): max-size \(maxSize ?? "nil")")
                    sawPoolLimit = sawPoolLimit || limitValue != nil
                }
                #expect(tightened && kedaPaused && resumedAfterPause && sawPoolLimit)
                #expect(stepsWritingSeveralKinds > 0, "no step wrote two kinds: the order of reads and writes was not tried")
                let unrelated = try Self.object(cluster, kinds.nodePool, "unrelated", namespaced: false)
                #expect(unrelated.value(atPath: "spec.limits.nodes") == nil && Self.costGuardMarks(unrelated).isEmpty)

                // Deleting the guard puts every recorded value back before the finalizer goes.
                try cluster.state.delete(cluster.guardType, namespace: nil, name: cluster.guardName)
                try await SimulationSupport.eventually("the guard to be released") { try cluster.guardObject() == nil }
                let middleware = try Self.object(cluster, kinds.middleware, "prod-rate-limit")
                let pool = try Self.object(cluster, kinds.nodePool, "general", namespaced: false)
                let deployment = try Self.object(cluster, kinds.machineDeployment, "workers")
                let scaledObject = try Self.object(cluster, kinds.scaledObject, workload)
                #expect(middleware.value(atPath: "spec.rateLimit") == Self.originalMiddleware)
                #expect(pool.value(atPath: "spec.limits") == ["cpu": "1000"])
                #expect(deployment.value(atPath: "metadata.annotations")?["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"] == "50")
                #expect(scaledObject.value(atPath: "spec.maxReplicaCount") == 80)
                for object in [middleware, pool, deployment, scaledObject] {
                    #expect(Self.costGuardMarks(object).isEmpty, "\(Self.costGuardMarks(object)) left on \(object.value(atPath: "metadata.name") ?? "?")")
                }
            }
        }
    }

    @Test func dryRunChangesNoneOfThem() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            _ = try Self.install(cluster, kedaOwnsTheHPA: true)
            try cluster.createGuard(spec: Self.guardSpec(cluster, mode: .dryRun, maxNodes: 40))
            _ = try cluster.begin(with: frames[0])
            var wouldTighten = false
            try await cluster.withOperator { handle in
                for frame in frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 1800 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    wouldTighten = wouldTighten || results[0].result.plan.rateLimitTightened
                }
            }
            #expect(wouldTighten)
            let external: Set<String> = ["middlewares", "scaledobjects", "nodepools", "machinedeployments", "horizontalpodautoscalers"]
            let writes = cluster.state.requests.filter { external.contains($0.resource) && !["get", "list", "watch"].contains($0.verb) }
            #expect(writes.isEmpty, "\(writes.prefix(3))")
        }
    }
}
