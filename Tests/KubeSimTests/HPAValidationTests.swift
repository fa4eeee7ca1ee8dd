import KubeModel
import KubeSim
import Testing

/// KubeSim refuses the HPAs kube-apiserver refuses, so a client that would write an invalid
/// HPA fails in tests as it would on a cluster.
@Suite struct HPAValidationTests {
    static func setUp() throws -> (ClusterState, ResourceType) {
        let cluster = ClusterState()
        let type = try #require(cluster.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers"))
        try cluster.create(type, namespace: "default", body: ["metadata": ["name": "web"], "spec": ["minReplicas": 3, "maxReplicas": 10]])
        return (cluster, type)
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func maxReplicasUnderMinReplicasIsRefusedAndNothingChanges() throws {
        let (cluster, type) = try Self.setUp()
        let refused = Self.refusal {
            _ = try cluster.patch(type, namespace: "default", name: "web", patchType: .merge, patch: ["spec": ["maxReplicas": 2]])
        }
        let message = try #require(refused)
        #expect(message.contains("422"))
        #expect(message.contains("spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"))
        #expect(try cluster.object(type, namespace: "default", name: "web")?.value(atPath: "spec.maxReplicas") == 10)
        // Lowering both in one patch is valid.
        let both = try cluster.patch(type, namespace: "default", name: "web", patchType: .merge,
                                     patch: ["spec": ["minReplicas": 1, "maxReplicas": 2]])
        #expect(both.value(atPath: "spec.maxReplicas") == 2)
    }

    @Test func boundsAndPolicyNamesFollowTheRealServer() throws {
        let (cluster, type) = try Self.setUp()
        let cases: [(JSONValue, String)] = [
            (["spec": ["maxReplicas": 0, "minReplicas": nil]], "spec.maxReplicas: Invalid value: 0: must be greater than 0"),
            (["spec": ["minReplicas": 0]], "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"),
            (["spec": ["behavior": ["scaleUp": ["selectPolicy": "Paused"]]]],
             "spec.behavior.scaleUp.selectPolicy: Unsupported value"),
        ]
        for (patch, expected) in cases {
            let message = Self.refusal {
                _ = try cluster.patch(type, namespace: "default", name: "web", patchType: .merge, patch: patch)
            }
            #expect(message?.contains(expected) == true, "\(patch.jsonString): \(message ?? "accepted")")
        }
        let refusedCreate = Self.refusal {
            try cluster.create(type, namespace: "default", body: ["metadata": ["name": "bad"], "spec": ["minReplicas": 5, "maxReplicas": 4]])
        }
        #expect(refusedCreate?.contains("must be greater than or equal to `minReplicas`") == true)
        #expect(try cluster.object(type, namespace: "default", name: "bad") == nil)
        // A status write is not checked against the spec (the spec does not change).
        _ = try cluster.patch(type, namespace: "default", name: "web", subresource: "status", patchType: .merge,
                              patch: ["status": ["desiredReplicas": 4]])
    }
}
