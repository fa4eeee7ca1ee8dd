import Foundation
import KubeClient
import KubeModel
import KubeSim
import Testing

@Suite struct VerbTests {
    @Test func createGetConflictAndDelete() async throws {
        try await withSimulatedCluster { _, client in
            let created = try await client.create(.horizontalPodAutoscalers, namespace: "default", body: hpa("web"),
                                                  as: .codable(HorizontalPodAutoscaler.self))
            #expect(created.metadata.uid != nil)
            #expect(created.metadata.generation == 1)
            let fetched = try await client.get(.horizontalPodAutoscalers, name: "web", namespace: "default",
                                               as: HorizontalPodAutoscaler.self)
            #expect(fetched.spec.maxReplicas == 10)

            let again = await #expect(throws: KubeError.self) {
                _ = try await client.create(.horizontalPodAutoscalers, namespace: "default", body: hpa("web"), as: .json)
            }
            #expect(again?.isConflict == true)
            #expect(again?.isAlreadyExists == true)

            // A write from a stale read is refused with 409 Conflict.
            var first = fetched
            first.spec.maxReplicas = 5
            _ = try await client.update(.horizontalPodAutoscalers, from: fetched, to: first, as: .json)
            var stale = fetched
            stale.spec.maxReplicas = 7
            let conflict = await #expect(throws: KubeError.self) {
                _ = try await client.update(.horizontalPodAutoscalers, from: fetched, to: stale, as: .json)
            }
            #expect(conflict?.isConflict == true)
            #expect(conflict?.status?.reason == "Conflict")

            try await client.delete(.horizontalPodAutoscalers, name: "web", namespace: "default")
            let missing = await #expect(throws: KubeError.self) {
                _ = try await client.get(.horizontalPodAutoscalers, name: "web", namespace: "default", as: .json)
            }
            #expect(missing?.isNotFound == true)
            #expect(missing?.status?.details?.name == "web")
        }
    }

    @Test func pagingAndSelectors() async throws {
        try await withSimulatedCluster { _, client in
            for index in 0..<25 {
                _ = try await client.create(.nodes, body: node(String(format: "node-%02d", index),
                                                               labels: ["pool": index % 2 == 0 ? "even" : "odd"]), as: .json)
            }
            let first = try await client.list(.nodes, options: ListOptions(limit: 10), as: .readable(Node.self))
            #expect(first.items.count == 10)
            let token = try #require(first.metadata.continue)
            let second = try await client.list(.nodes, options: ListOptions(limit: 10, continueToken: token), as: .readable(Node.self))
            #expect(second.items.first?.metadata.name == "node-10")
            let all = try await client.listAll(.nodes, options: ListOptions(limit: 7), as: .readable(Node.self))
            #expect(all.items.map(\.metadata.name) == (0..<25).map { String(format: "node-%02d", $0) })

            let even = try await client.listAll(.nodes, options: ListOptions(labelSelector: LabelSelector(matchLabels: ["pool": "even"])),
                                                as: .readable(Node.self))
            #expect(even.items.count == 13)
            let notIn = try await client.listAll(.nodes, options: ListOptions(labelSelector: "pool notin (even)"), as: .readable(Node.self))
            #expect(notIn.items.count == 12)
            let byName = try await client.listAll(.nodes, options: ListOptions(fieldSelector: "metadata.name=node-03"), as: .readable(Node.self))
            #expect(byName.items.map(\.metadata.name) == ["node-03"])
        }
    }

    @Test func patchTypesKeepUnknownFields() async throws {
        try await withSimulatedCluster { _, client in
            // An object with a field the typed model does not know.
            var raw = try JSONValue(encoding: hpa("api"))
            raw["spec"]?["futureField"] = ["keep": true]
            _ = try await client.create(.horizontalPodAutoscalers, namespace: "default", body: raw, as: .json)

            let typed = try await client.get(.horizontalPodAutoscalers, name: "api", namespace: "default", as: HorizontalPodAutoscaler.self)
            var paused = typed
            paused.spec.behavior = HorizontalPodAutoscalerBehavior(scaleUp: HPAScalingRules(selectPolicy: .disabled))
            let afterMerge = try await client.update(.horizontalPodAutoscalers, from: typed, to: paused, as: .json)
            #expect(afterMerge.json.value(atPath: "spec.futureField.keep") == true)
            #expect(afterMerge.json.value(atPath: "spec.behavior.scaleUp.selectPolicy") == "Disabled")

            // JSON patch guarded by a test op: applies when the value is as read, else 422.
            let guarded = try await client.patch(.horizontalPodAutoscalers, name: "api", namespace: "default",
                                                 .json([.test("/spec/maxReplicas", 10), .replace("/spec/maxReplicas", 3)]), as: .json)
            #expect(guarded.json.value(atPath: "spec.maxReplicas") == 3)
            let raced = await #expect(throws: KubeError.self) {
                _ = try await client.patch(.horizontalPodAutoscalers, name: "api", namespace: "default",
                                           .json([.test("/spec/maxReplicas", 10), .replace("/spec/maxReplicas", 2)]), as: .json)
            }
            #expect(raced?.isInvalid == true)

            let strategic = try await client.patch(.horizontalPodAutoscalers, name: "api", namespace: "default",
                                                   .strategicMerge(["metadata": ["annotations": ["costguard.dev/previous-max": "10"]]]), as: .json)
            #expect(strategic.json.value(atPath: "metadata.annotations")?["costguard.dev/previous-max"] == "10")
            #expect(strategic.json.value(atPath: "spec.futureField.keep") == true)
            #expect(strategic.json.value(atPath: "metadata.generation") == 3)
        }
    }

    @Test func statusSubresourceAndGeneration() async throws {
        try await withSimulatedCluster { _, client in
            _ = try await client.create(.customResourceDefinitions, body: costGuardCRD, as: .json)
            let guardObject: JSONValue = ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard",
                                          "metadata": ["name": "shop"], "spec": ["mode": "DryRun"],
                                          "status": ["phase": "ignored on create"]]
            let created = try await client.create(.costGuards, body: guardObject, as: .json)
            #expect(created.json["status"] == nil)
            #expect(created.metadata.generation == 1)

            let status = try await client.patch(.costGuards, name: "shop", subresource: "status",
                                                .merge(["status": ["phase": "Normal", "observedGeneration": 1]]), as: .json)
            #expect(status.json.value(atPath: "status.phase") == "Normal")
            #expect(status.metadata.generation == 1)

            // Status is not written through the main resource, and spec is not written through status.
            let spec = try await client.patch(.costGuards, name: "shop",
                                              .merge(["spec": ["mode": "Enforce"], "status": ["phase": "Surge"]]), as: .json)
            #expect(spec.metadata.generation == 2)
            #expect(spec.json.value(atPath: "status.phase") == "Normal")
            let statusOnly = try await client.patch(.costGuards, name: "shop", subresource: "status",
                                                    .merge(["spec": ["mode": "DryRun"], "status": ["phase": "Surge"]]), as: .json)
            #expect(statusOnly.json.value(atPath: "spec.mode") == "Enforce")
            #expect(statusOnly.metadata.generation == 2)

            typealias Guard = CustomResource<JSONValue, JSONValue>
            let typed = try await client.get(.costGuards, name: "shop", as: Guard.self)
            #expect(typed.spec?["mode"] == "Enforce")
        }
    }

    @Test func retriesHonourRetryAfterAndServerErrors() async throws {
        try await withSimulatedCluster { server, client in
            server.cluster.inject(Fault(.status(code: 429, retryAfterSeconds: 1), verb: "get", resource: "namespaces"))
            let start = ContinuousClock.now
            let namespace = try await client.get(.namespaces, name: "default", as: Namespace.self)
            #expect(namespace.status?.phase == "Active")
            #expect(ContinuousClock.now - start >= .seconds(1))

            server.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "list", resource: "nodes", times: 2))
            let nodes = try await client.list(.nodes, as: .readable(Node.self))
            #expect(nodes.items.isEmpty)
            let listCalls = server.cluster.requests.filter { $0.verb == "list" && $0.resource == "nodes" }
            #expect(listCalls.count == 3)

            // Creates are not repeated after a 500: the first may have been applied.
            server.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "create", resource: "nodes", times: 1))
            let failed = await #expect(throws: KubeError.self) {
                _ = try await client.create(.nodes, body: node("n"), as: .json)
            }
            #expect(failed?.isServerError == true)
        }
    }
}
