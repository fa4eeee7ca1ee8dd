import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import TestSupport
import Testing

/// `costguard restore`, the break-glass: the demo's operator runs into the flood with every action
/// on (a surge pause on the HPA, a tightened Traefik Middleware, Karpenter and Cluster API node
/// limits) and beside two deny sets holding its entries, then dies mid-pause. The
/// `costguard` executable, as a person would run it, lists every change without writing, and with
/// `--yes --remove-finalizers` puts every object back to what it was before CostGuard, byte for
/// byte in spec, annotations and labels, deletes the deny set it created, and releases the guard.
@Suite(.serialized) struct RestoreTests {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("costguard").path

    /// What restore must give back: the parts of an object a user owns. An empty annotation or
    /// label map counts as none: the API server writes neither for typed objects.
    static func owned(_ object: JSONValue?) -> JSONValue {
        func map(_ path: String) -> JSONValue {
            guard let value = object?.value(atPath: path), value.objectValue?.isEmpty != true else { return .null }
            return value
        }
        return ["spec": object?["spec"] ?? .null, "annotations": map("metadata.annotations"), "labels": map("metadata.labels")]
    }

    static func run(_ arguments: [String]) async throws -> ToolResult {
        try await Tool.run(executable, arguments, timeout: 120)
    }

    @Test func restorePutsBackAClusterTheOperatorLeftMidPause() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "\(Self.executable) is missing: run swift test")
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let state = cluster.state
            let kinds = try ProvisionerEndToEndTests.install(cluster, kedaOwnsTheHPA: false)
            let namespace = header.workload.namespace, workload = header.workload.name

            // What the user had before CostGuard touched anything.
            let hpaType = try #require(state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers"))
            func read(_ type: ResourceType, _ name: String, namespaced: Bool = true) throws -> JSONValue? {
                try state.object(type, namespace: namespaced ? namespace : nil, name: name)
            }
            let before: [(ResourceType, String, Bool)] = [
                (hpaType, workload, true), (kinds.middleware, "prod-rate-limit", true), (kinds.scaledObject, workload, true),
                (kinds.nodePool, "general", false), (kinds.machineDeployment, "workers", true),
            ]
            let originals = try before.map { try Self.owned(read($0.0, $0.1, namespaced: $0.2)) }

            try cluster.createGuard(spec: ProvisionerEndToEndTests.guardSpec(cluster, mode: .enforce, maxNodes: 40))
            _ = try cluster.begin(with: frames[0])
            var midPause = false
            // The operator is killed mid-pause, as its scope ends: nothing of it runs any more.
            try await cluster.withOperator(ending: .killed) { handle in
                for frame in frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 1800 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let hpa = try cluster.hpa()
                    let tightened = try read(kinds.middleware, "prod-rate-limit")?.value(atPath: "spec.rateLimit.average") == 10
                    if results[0].result.plan.pauseReason == .surge, SimulationSupport.selectPolicy(hpa) == "Disabled", tightened {
                        midPause = true
                        break
                    }
                }
            }

            // Two deny sets as a dead operator leaves them (made here, so no live operator tidies them): one it created (only its entries), one a
            // person made with a CIDR of their own, to which CostGuard added one.
            let crdType = try #require(state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
            try state.create(crdType, namespace: nil, body: DenyListEndToEndTests.crd(
                group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets", kind: "GlobalNetworkSet"))
            let setType = try #require(state.resourceType(group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets"))
            let expiry = Date().addingTimeInterval(3600).formatted(.iso8601)
            func records(_ prefix: String) -> String {
                "[{\"prefix\":\"\(prefix)\",\"guard\":\"demo\",\"rps\":120,\"expires\":\"\(expiry)\"}]"
            }
            try state.create(setType, namespace: nil, body: [
                "apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkSet",
                "metadata": ["name": "costguard-deny", "labels": ["dos-deny-list": "true", "costguard.dev/changed": "true"],
                             "annotations": ["costguard.dev/deny-entries": .string(records("203.0.113.0/24")), "costguard.dev/created": "true"]],
                "spec": ["nets": ["203.0.113.0/24"]],
            ])
            let personal: JSONValue = [
                "apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkSet",
                "metadata": ["name": "blocked-by-hand", "labels": ["team": "sre"]], "spec": ["nets": ["192.0.2.0/24"]],
            ]
            try state.create(setType, namespace: nil, body: personal)
            _ = try state.patch(setType, namespace: nil, name: "blocked-by-hand", patchType: .merge, patch: [
                "metadata": ["labels": ["costguard.dev/changed": "true"],
                             "annotations": ["costguard.dev/deny-entries": .string(records("198.51.100.0/24"))]],
                "spec": ["nets": ["192.0.2.0/24", "198.51.100.0/24"]],
            ])

            try #require(midPause, "the operator never held the HPA paused and the Middleware tightened")
            let changed = try before.map { try Self.owned(read($0.0, $0.1, namespaced: $0.2)) }
            #expect(changed[0] != originals[0] && changed[1] != originals[1] && changed[3] != originals[3] && changed[4] != originals[4])

            let kubeconfig = try cluster.server.writeKubeconfig(
                to: FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(UUID().uuidString).kubeconfig").path)
            defer { try? FileManager.default.removeItem(atPath: kubeconfig) }

            // Without --yes: the table, and nothing written.
            let writesBefore = state.requests.filter { !["get", "list", "watch"].contains($0.verb) }.count
            let dryRun = try await Self.run(["restore", "--kubeconfig", kubeconfig])
            #expect(dryRun.status == 0, "\(dryRun.output)")
            for row in ["HorizontalPodAutoscaler   \(namespace)/\(workload)", "Middleware", "NodePool", "MachineDeployment",
                        "GlobalNetworkSet          costguard-deny", "delete the set CostGuard created", "blocked-by-hand",
                        "nothing written"] {
                #expect(dryRun.output.contains(row), "the table lacks \(row):\n\(dryRun.output)")
            }
            #expect(state.requests.filter { !["get", "list", "watch"].contains($0.verb) }.count == writesBefore, "restore wrote without --yes")

            let restored = try await Self.run(["restore", "--kubeconfig", kubeconfig, "--yes", "--remove-finalizers"])
            #expect(restored.status == 0, "\(restored.output)")
            #expect(restored.output.contains("finalizer removed: costguard demo"), "\(restored.output)")
            for (index, (type, name, namespaced)) in before.enumerated() {
                let now = Self.owned(try read(type, name, namespaced: namespaced))
                #expect(now.jsonString == originals[index].jsonString, "\(name) is not as it was:\n\(now.jsonString)\nwas\n\(originals[index].jsonString)")
            }
            #expect(try state.object(setType, namespace: nil, name: "costguard-deny") == nil, "the set CostGuard created is still there")
            #expect(Self.owned(try state.object(setType, namespace: nil, name: "blocked-by-hand")).jsonString == Self.owned(personal).jsonString)
            let finalizers = try cluster.guardObject()?.value(atPath: "metadata.finalizers")?.arrayValue ?? []
            #expect(!finalizers.contains("costguard.dev/finalizer"))

            // Restoring again finds nothing left to do.
            let again = try await Self.run(["restore", "--kubeconfig", kubeconfig])
            #expect(again.status == 0 && again.output.contains("CostGuard has changed nothing"), "\(again.output)")
        }
    }
}
