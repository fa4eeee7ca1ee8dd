import Foundation
import KubeClient
import KubeModel
import KubeSim

/// Runs `body` with a KubeSim on loopback and a client pointed at it.
func withSimulatedCluster<Result: Sendable>(
    bookmarkInterval: Duration = .seconds(10), retryPolicy: RetryPolicy = RetryPolicy(),
    _ body: @Sendable (APIServer, Client) async throws -> Result
) async throws -> Result {
    try await withAPIServer(bookmarkInterval: bookmarkInterval) { server in
        let client = try Client(configuration: ClientConfiguration(server: server.url), retryPolicy: retryPolicy,
                                backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(200)))
        do {
            let result = try await body(server, client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }
}

func node(_ name: String, labels: [String: String] = [:]) -> Node {
    Node(metadata: ObjectMeta(name: name, labels: labels),
         spec: NodeSpec(podCIDRs: ["10.0.0.0/24"]),
         status: NodeStatus(capacity: ["cpu": "2"], allocatable: ["cpu": "1930m"]))
}

func hpa(_ name: String, namespace: String = "default", max: Int32 = 10) -> HorizontalPodAutoscaler {
    HorizontalPodAutoscaler(
        metadata: ObjectMeta(name: name, namespace: namespace, labels: ["costguard.dev/guard": "shop"]),
        spec: HorizontalPodAutoscalerSpec(scaleTargetRef: CrossVersionObjectReference(apiVersion: "apps/v1", kind: "Deployment", name: name),
                                          minReplicas: 1, maxReplicas: max))
}

/// Polls until `condition` holds, failing after `timeout`. Generous: the suite runs beside
/// CPU-bound replay tests that can hold both cooperative threads of a 2-core machine for seconds.
func eventually(timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TimedOut()
}

struct TimedOut: Error {}

let costGuardCRD: JSONValue = [
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": ["name": "costguards.costguard.dev"],
    "spec": [
        "group": "costguard.dev", "scope": "Cluster",
        "names": ["plural": "costguards", "singular": "costguard", "kind": "CostGuard", "shortNames": ["cg"]],
        "versions": [["name": "v1alpha1", "served": true, "storage": true, "subresources": ["status": [:]],
                      "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]],
    ],
]
