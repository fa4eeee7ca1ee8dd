import KubeModel
import KubeSim

/// A large cluster for the operator benchmark: nodes of two instance types (a share on spot),
/// HPAs spread over the guards' namespaces with steady Pods metrics, and Enforce-mode guards
/// that each select their namespace's HPAs and count every node.
package enum ScaleFixture {
    package static func populate(_ state: ClusterState, nodes: Int, hpas: Int, guards: Int) throws {
        let crdType = state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions")!
        try state.create(crdType, namespace: nil, body: CostGuardCRD.object)
        let namespaceType = state.resourceType(group: "", version: "v1", plural: "namespaces")!
        let nodeType = state.resourceType(group: "", version: "v1", plural: "nodes")!
        let hpaType = state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers")!
        let guardType = state.resourceType(group: "costguard.dev", version: "v1alpha1", plural: "costguards")!
        for index in 0..<nodes {
            let name = "node-\(index)"
            try state.create(nodeType, namespace: nil, body: [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(name), "labels": [
                    Node.instanceTypeLabel: index % 3 == 0 ? "m5.xlarge" : "m5.large",
                    Node.capacityTypeLabel: index % 4 == 0 ? "spot" : "on-demand",
                    "kubernetes.io/hostname": .string(name)]],
                "spec": ["podCIDRs": [.string("10.\(64 + index / 256 % 64).\(index % 256).0/24")]],
                "status": ["addresses": [["type": "InternalIP", "address": .string("10.1.\(index / 256 % 256).\(index % 256)")]]],
            ])
        }
        for guardIndex in 0..<guards {
            try state.create(namespaceType, namespace: nil, body: ["metadata": ["name": .string("team-\(guardIndex)"),
                                                                                  "labels": ["team": .string("t\(guardIndex)")]]])
        }
        for index in 0..<hpas {
            let namespace = "team-\(index % max(guards, 1))"
            let replicas = 4 + index % 7
            try state.create(hpaType, namespace: namespace, body: [
                "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": ["name": .string("app-\(index)"), "namespace": .string(namespace),
                             "labels": ["costguard.dev/guard": .string("guard-\(index % max(guards, 1))")]],
                "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string("app-\(index)")],
                         "minReplicas": 2, "maxReplicas": 200,
                         "metrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"],
                                                                 "target": ["type": "AverageValue", "averageValue": "28"]]]]],
            ])
            _ = try state.patch(hpaType, namespace: namespace, name: "app-\(index)", subresource: "status", patchType: .merge, patch: [
                "status": ["currentReplicas": .int(Int64(replicas)), "desiredReplicas": .int(Int64(replicas)),
                           "currentMetrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"],
                                                                          "current": ["averageValue": "27500m"]]]]],
            ])
        }
        for guardIndex in 0..<guards {
            try state.create(guardType, namespace: nil, body: [
                "apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard",
                "metadata": ["name": .string("guard-\(guardIndex)")],
                "spec": [
                    "mode": "Enforce",
                    "targets": ["namespaceSelector": ["matchLabels": ["team": .string("t\(guardIndex)")]],
                                "hpaSelector": ["matchLabels": ["costguard.dev/guard": .string("guard-\(guardIndex)")]]],
                    "caps": ["maxNodes": 20000, "maxHourlySpend": "5000.00"],
                    "pricing": ["instanceTypes": ["m5.large": "0.096", "m5.xlarge": "0.192"], "capacityTypeFactors": ["spot": "0.35"]],
                ],
            ])
        }
    }
}
