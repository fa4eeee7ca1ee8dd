import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeClient
import KubeModel
import KubeSim
import Logging
import ScenarioCatalog
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// deploy/'s ClusterRole and Role against what the operator really asks of the API: the demo
/// run end to end against KubeSim with every action on (HPA pause and ceiling, deny sets of both
/// providers, the Traefik rate limit in either of its API groups, a KEDA-managed HPA, node pools), leader election on its
/// Lease, Events, the status, and a guard deleted at the end. Every request KubeSim served must
/// be allowed, and every verb the roles grant must have been used.
@Suite(.enabled(if: LocalPrometheus.runsHere, Comment(rawValue: LocalPrometheus.notInstalled)))
struct OperatorRBACCoverageTests {
    static let quiet = Logger(label: "rbac-coverage", factory: { _ in SwiftLogNoOpLogHandler() })

    struct DemoData: Sendable {
        var prometheus: LocalPrometheus
        var header: ScenarioHeader
        var frames: [SignalFrame]
    }

    /// The demo scenario's metrics in a real Prometheus: the deny lists need its sources.
    static let demo = Task<DemoData, any Error> {
        let binaries = try LocalPrometheus.requiredBinaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-rbac-\(getpid())").path
        let path = directory + "/demo.jsonl"
        try await LocalPrometheus.offPool {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = try ScenarioCatalog.demo.write(to: path)
            let files = try ScenarioMetrics.export(scenario: path, label: "demo", directory: directory + "/openmetrics")
            try LocalPrometheus.backfill(files, into: directory + "/tsdb", binaries: binaries)
        }
        let server = try await LocalPrometheus.start(dataDirectory: directory + "/tsdb", binaries: binaries)
        let reader = try ScenarioReader(path: path)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return DemoData(prometheus: server, header: reader.header, frames: frames)
    }

    static func crd(_ group: String, _ version: String, _ plural: String, _ kind: String, namespaced: Bool) -> JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": .object(["name": .string("\(plural).\(group)")]),
            "spec": [
                "group": .string(group), "scope": namespaced ? "Namespaced" : "Cluster",
                "names": ["plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind),
                          "listKind": .string(kind + "List")],
                "versions": [[
                    "name": .string(version), "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
    }

    /// One run: the given Calico API version, Traefik's Middleware in the given group (traefik.io,
    /// or traefik.containo.us before Traefik 2.10), either a KEDA-managed HPA or a plain one, and
    /// a server with streaming lists (Kubernetes 1.32+) or without (the watcher then lists in pages).
    static func run(calicoGroup: String, calicoVersion: String, traefikGroup: String,
                    kedaOwnsTheHPA: Bool, streamingLists: Bool) async throws -> [RecordedRequest] {
        let demo = try await Self.demo.value
        return try await SimulatedCluster.with(header: demo.header, guardName: "calico", logger: quiet) { cluster in
            let state = cluster.state
            state.servesStreamingLists = streamingLists
            let namespace = demo.header.workload.namespace
            let workload = demo.header.workload.name
            let crdType = try #require(state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
            for (group, version, plural, kind, namespaced) in [
                (calicoGroup, calicoVersion, "globalnetworksets", "GlobalNetworkSet", false),
                ("cilium.io", "v2alpha1", "ciliumcidrgroups", "CiliumCIDRGroup", false),
                (traefikGroup, "v1alpha1", "middlewares", "Middleware", true),
                ("keda.sh", "v1alpha1", "scaledobjects", "ScaledObject", true),
                ("karpenter.sh", "v1", "nodepools", "NodePool", false),
                ("cluster.x-k8s.io", "v1beta1", "machinedeployments", "MachineDeployment", true),
            ] {
                try state.create(crdType, namespace: nil, body: crd(group, version, plural, kind, namespaced: namespaced))
            }
            func type(_ group: String, _ version: String, _ plural: String) throws -> ResourceType {
                try #require(state.resourceType(group: group, version: version, plural: plural))
            }
            try state.create(try type(traefikGroup, "v1alpha1", "middlewares"), namespace: namespace, body: [
                "apiVersion": .string("\(traefikGroup)/v1alpha1"), "kind": "Middleware",
                "metadata": ["name": "prod-rate-limit", "namespace": .string(namespace)],
                "spec": ["rateLimit": ["average": 100, "burst": 200]],
            ])
            try Self.createNodeProvisioners(state, namespace: namespace)
            if kedaOwnsTheHPA {
                try state.create(try type("keda.sh", "v1alpha1", "scaledobjects"), namespace: namespace, body: [
                    "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
                    "metadata": ["name": .string(workload), "namespace": .string(namespace)],
                    "spec": ["scaleTargetRef": ["name": .string(workload)]],
                ])
                _ = try state.patch(try type("autoscaling", "v2", "horizontalpodautoscalers"), namespace: namespace, name: workload,
                                    patchType: .merge, patch: ["metadata": ["ownerReferences": [[
                                        "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "name": .string(workload),
                                    ]]]])
            }

            // Two guards on the same HPA, one per deny-list provider; every other action on the first.
            for (name, provider) in [("calico", "CalicoGlobalNetworkSet"), ("cilium", "CiliumCIDRGroup")] {
                var spec = cluster.guardSpec(mode: .enforce)
                var signals = spec["signals"] ?? [:]
                let queries = ScenarioMetrics.queries(label: "demo", url: demo.prometheus.url)
                signals["prometheus"] = [
                    "url": .string(queries.url), "requestRate": .string(queries.requestRate),
                    "sources": .string(queries.sources ?? ""), "routes": .string(queries.routes ?? ""),
                    "uniqueSources": .string(queries.uniqueSources ?? ""), "newSourceRatio": .string(queries.newSourceRatio ?? ""),
                    "clientErrorRatio": .string(queries.clientErrorRatio ?? ""), "conversionRatio": .string(queries.conversionRatio ?? ""),
                ]
                spec["signals"] = signals
                spec["caps"] = ["maxNodes": 12]
                var actions = spec["actions"] ?? [:]
                actions["denyList"] = ["enabled": true, "provider": .string(provider), "name": .string("costguard-\(name)"), "ttl": "10m"]
                if name == "calico" {
                    actions["rateLimit"] = ["enabled": true, "middleware": ["namespace": .string(namespace), "name": "prod-rate-limit"]]
                    actions["nodePools"] = ["karpenterNodePoolSelector": ["matchLabels": ["pool": "shop"]],
                                            "clusterAPIMachineDeploymentSelector": ["matchLabels": ["pool": "shop"]]]
                }
                spec["actions"] = actions
                try cluster.createGuard(name: name, spec: spec)
            }

            // A guard that reads its access-log receivers through a Service (its EndpointSlices; none
            // are ready here, so it stays fail-static).
            var logsSpec = cluster.guardSpec(mode: .dryRun)
            var logSignals = logsSpec["signals"] ?? [:]
            logSignals["accessLogs"] = ["service": ["namespace": "costguard-system", "name": "costguard-ingest"]]
            logsSpec["signals"] = logSignals
            try cluster.createGuard(name: "logs", spec: logsSpec)

            // The Lease, as `costguard run --leader-elect` holds it (deploy/base/role.yaml's name and namespace).
            try state.create(try type("", "v1", "namespaces"), namespace: nil, body: [
                "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "costguard-system"],
            ])
            let leaseClient = try Client(configuration: ClientConfiguration(server: cluster.server.url), logger: quiet)
            let elector = LeaderElector(client: leaseClient, configuration: LeaderElectionConfiguration(
                namespace: "costguard-system", name: "costguard-operator", identity: "costguard-0", leaseDuration: .seconds(10),
                renewDeadline: .seconds(6), retryPeriod: .milliseconds(200)), logger: quiet)
            let campaign = Task { try await elector.run() }
            try await elector.waitForLeadership()

            _ = try cluster.begin(with: demo.frames[0])
            try await cluster.withOperator { handle in
                for frame in demo.frames.dropFirst() where frame.t <= 3 * 3600 + 1800 {
                    _ = try await cluster.step(frame, operators: [handle])
                }
                for name in ["calico", "cilium", "logs"] {
                    try state.delete(cluster.guardType, namespace: nil, name: name)
                }
                let deadline = ContinuousClock.now + .seconds(30)
                while try cluster.guardObject("calico") != nil || cluster.guardObject("cilium") != nil {
                    guard ContinuousClock.now < deadline else { throw LocalPrometheus.Failure(description: "the guards were never released") }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            campaign.cancel()
            _ = await campaign.result
            try await leaseClient.shutdown()
            return state.requests
        }
    }

    @Test func theRolesAllowEveryRequestTheOperatorMakesAndNothingMore() async throws {
        let rbac = try RBACRules.load(clusterRole: Repo.path("deploy/base/clusterrole.yaml"), role: Repo.path("deploy/base/role.yaml"))
        var recorded = try await Self.run(calicoGroup: "projectcalico.org", calicoVersion: "v3", traefikGroup: "traefik.io",
                                          kedaOwnsTheHPA: true, streamingLists: true)
        recorded += try await Self.run(calicoGroup: "crd.projectcalico.org", calicoVersion: "v1",
                                       traefikGroup: "traefik.containo.us", kedaOwnsTheHPA: false, streamingLists: false)
        let requests = recorded.map(RBACRules.Request.init)
        // The runs must have exercised every integration, or coverage would prove little.
        let resources = Set(recorded.filter { $0.verb != "list" && $0.verb != "watch" && $0.verb != "get" }.map(\.resource))
        #expect(recorded.contains { $0.verb == "list" && $0.resource == "endpointslices" && $0.namespace == "costguard-system" })
        #expect(resources.isSuperset(of: ["horizontalpodautoscalers", "costguards", "globalnetworksets", "ciliumcidrgroups",
                                          "middlewares", "scaledobjects", "nodepools", "machinedeployments", "events", "leases"]),
                "\(resources.sorted())")
        let denied = rbac.denied(requests)
        #expect(denied.isEmpty, "requests the roles do not allow: \(denied.map { "\($0)" })")
        let unused = rbac.unusedPermissions(given: requests)
        #expect(unused.isEmpty, "granted but never used: \(unused.map { "\($0)" })")
    }

    /// A Karpenter NodePool and a Cluster API MachineDeployment labelled for the guard's node
    /// selector, as a cluster running either has them (their CRDs installed already).
    static func createNodeProvisioners(_ state: ClusterState, namespace: String) throws {
        func type(_ group: String, _ version: String, _ plural: String) throws -> ResourceType {
            try #require(state.resourceType(group: group, version: version, plural: plural))
        }
        try state.create(try type("karpenter.sh", "v1", "nodepools"), namespace: nil, body: [
            "apiVersion": "karpenter.sh/v1", "kind": "NodePool",
            "metadata": ["name": "general", "labels": ["pool": "shop"]], "spec": ["limits": ["cpu": "1000"]],
        ])
        try state.create(try type("cluster.x-k8s.io", "v1beta1", "machinedeployments"), namespace: namespace, body: [
            "apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "MachineDeployment",
            "metadata": ["name": "workers", "namespace": .string(namespace), "labels": ["pool": "shop"],
                         "annotations": ["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size": "50"]],
            "spec": ["replicas": 3], "status": ["replicas": 3],
        ])
    }
}
