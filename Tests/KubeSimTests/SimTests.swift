import KubeModel
import KubeSim
import Testing

@Suite struct SimTests {
    @Test func finalizersHoldDeletionUntilRemoved() async throws {
        let cluster = ClusterState()
        let type = try #require(cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases"))
        try cluster.create(type, namespace: "default", body: ["metadata": ["name": "l", "finalizers": ["costguard.dev/resume"]]])
        let held = try cluster.delete(type, namespace: "default", name: "l")
        #expect(held.value(atPath: "metadata.deletionTimestamp") != nil)
        #expect(try cluster.object(type, namespace: "default", name: "l") != nil)
        _ = try cluster.patch(type, namespace: "default", name: "l", patchType: .merge, patch: ["metadata": ["finalizers": nil]])
        #expect(try cluster.object(type, namespace: "default", name: "l") == nil)
    }

    @Test func generationCountsSpecChangesOnly() throws {
        let cluster = ClusterState()
        let type = try #require(cluster.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers"))
        let created = try cluster.create(type, namespace: "default", body: ["metadata": ["name": "h"], "spec": ["maxReplicas": 3]])
        #expect(created.value(atPath: "metadata.generation") == 1)
        let labelled = try cluster.patch(type, namespace: "default", name: "h", patchType: .merge, patch: ["metadata": ["labels": ["a": "b"]]])
        #expect(labelled.value(atPath: "metadata.generation") == 1)
        let scaled = try cluster.patch(type, namespace: "default", name: "h", patchType: .merge, patch: ["spec": ["maxReplicas": 4]])
        #expect(scaled.value(atPath: "metadata.generation") == 2)
        let status = try cluster.patch(type, namespace: "default", name: "h", subresource: "status", patchType: .merge,
                                       patch: ["status": ["desiredReplicas": 4]])
        #expect(status.value(atPath: "metadata.generation") == 2)
        // A no-op patch changes nothing, not even the resourceVersion.
        let same = try cluster.patch(type, namespace: "default", name: "h", patchType: .merge, patch: ["spec": ["maxReplicas": 4]])
        #expect(same.value(atPath: "metadata.resourceVersion") == status.value(atPath: "metadata.resourceVersion"))
    }

    @Test func namespacedCreateNeedsTheNamespace() throws {
        let cluster = ClusterState()
        let type = try #require(cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases"))
        #expect(throws: (any Error).self) {
            try cluster.create(type, namespace: "missing", body: ["metadata": ["name": "l"]])
        }
    }
}
