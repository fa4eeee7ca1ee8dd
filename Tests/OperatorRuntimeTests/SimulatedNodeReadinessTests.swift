import Demo
import Foundation
import KubeModel
import KubeSim
import Testing

/// The simulated cluster's Nodes carry the kubelet's Ready condition: the model's ready nodes
/// are Ready=True, the ones still provisioning Ready=False, so `kubectl get nodes` shows Ready and
/// NotReady as on a real cluster (it showed Unknown for every node).
@Suite struct SimulatedNodeReadinessTests {
    @Test func nodesAreReadyOnceProvisionedAndNotReadyBefore() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let nodeType = try #require(cluster.state.resourceType(group: "", version: "v1", plural: "nodes"))
            func readiness() -> [String] {
                cluster.state.objects(nodeType, namespace: nil).map { node in
                    (node.value(atPath: "status.conditions")?.arrayValue ?? []).first { $0["type"] == "Ready" }?["status"]?.stringValue ?? "none"
                }
            }
            let first = try cluster.begin(with: frames[0])
            #expect(readiness().filter { $0 == "True" }.count == first.guarded.readyNodes)
            var sawProvisioning = false
            // Unguarded (no operator), the flood makes the model request nodes that take 90 s to be ready.
            for frame in frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 600 {
                let (step, _) = try await cluster.step(frame, operators: [])
                let states = readiness()
                #expect(states.count == step.guarded.nodes)
                #expect(states.filter { $0 == "True" }.count == step.guarded.readyNodes, "t=\(frame.t): \(states)")
                #expect(!states.contains("none"))
                sawProvisioning = sawProvisioning || states.contains("False")
            }
            #expect(sawProvisioning, "no node was ever seen provisioning")
        }
    }
}
