import CostGuardAPI
import Demo
import Foundation
import KubeClient
import KubeModel
import KubeSim
import Logging
import OperatorRuntime
import ScenarioCatalog
import Signals
import Testing
import TestSupport

/// The operator as deploy/ installs it: KubeSim with RBAC on, deploy/base's Namespace,
/// ServiceAccount, ClusterRole, Role and bindings stored in it, and the operator (and its leader
/// election) sending the ServiceAccount's token, so every request is authorized as a real API
/// server would (`system:serviceaccount:costguard-system:costguard`). Each run has a different
/// set of optional APIs installed (Traefik's current group, its old one, or none; Calico's API
/// server, its CRDs, Cilium, or no deny-list provider; KEDA or not; Karpenter and Cluster API or
/// not) and plays the demo through its surge pause, then deletes the guard: the guard must be
/// finalized within seconds, every object it changed restored, and no request answered 403.
@Suite struct OperatorAsServiceAccountTests {
    static let quiet = Logger(label: "rbac-serviceaccount", factory: { _ in SwiftLogNoOpLogHandler() })
    static let token = "costguard-serviceaccount-token"
    static let user = "system:serviceaccount:costguard-system:costguard"

    /// The optional APIs one run installs.
    struct APIs: Sendable, CustomTestStringConvertible {
        enum DenySets: String, Sendable { case calicoAPIServer, calicoCRD, cilium, none }
        /// traefik.io, traefik.containo.us, or nil for no Traefik.
        var traefikGroup: String?
        var denySets: DenySets
        var keda: Bool
        /// Karpenter's NodePools and Cluster API's MachineDeployments.
        var nodeProvisioners: Bool
        /// API groups whose rules are left out of the stored ClusterRole, as in an older deploy/.
        var revoked: [String] = []

        var testDescription: String {
            "traefik=\(traefikGroup ?? "none") denySets=\(denySets) keda=\(keda) provisioners=\(nodeProvisioners)"
                + (revoked.isEmpty ? "" : " revoked=\(revoked.joined(separator: ","))")
        }
    }

    static let runs: [APIs] = [
        APIs(traefikGroup: "traefik.io", denySets: .calicoAPIServer, keda: true, nodeProvisioners: true),
        APIs(traefikGroup: "traefik.containo.us", denySets: .calicoCRD, keda: false, nodeProvisioners: false),
        APIs(traefikGroup: nil, denySets: .cilium, keda: true, nodeProvisioners: true),
        APIs(traefikGroup: nil, denySets: .none, keda: false, nodeProvisioners: false),
        // A ClusterRole without the fallback's rule: the operator is refused the API it falls back
        // to, must say so, and must still release a deleted guard (what it cannot read it cannot
        // have changed on this cluster).
        APIs(traefikGroup: "traefik.containo.us", denySets: .calicoCRD, keda: false, nodeProvisioners: false,
             revoked: ["traefik.containo.us", "crd.projectcalico.org"]),
    ]

    static let demo = Result { try ScenarioCatalog.demo.readBack() }

    /// deploy/base's CRD (crds/'s, over the one SimulatedCluster installed, as `kubectl apply`
    /// would update it) and the objects that make the ServiceAccount and what it may do, as
    /// `kubectl apply -k` would store them; the ClusterRole without the rules of `revoked` groups.
    static func applyDeployRBAC(_ state: ClusterState, revoking revoked: [String] = []) throws {
        let crdType = try #require(state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
        let crd = try YAMLDocuments.loadOne(Repo.path("crds/costguard.dev_costguards.yaml"))
        _ = try state.patch(crdType, namespace: nil, name: try #require(crd.value(atPath: "metadata.name")?.stringValue),
                            patchType: .merge, patch: crd)
        let files = ["namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml", "clusterrolebinding.yaml", "role.yaml",
                     "rolebinding.yaml"]
        for file in files {
            for object in try YAMLDocuments.load(Repo.path("deploy/base/\(file)")) {
                let (group, version) = Self.groupVersion(object["apiVersion"]?.stringValue ?? "")
                let kind = object["kind"]?.stringValue ?? ""
                let plural = kind.lowercased() + (kind.hasSuffix("s") ? "es" : "s")
                let type = try #require(state.resourceType(group: group, version: version, plural: plural), "\(kind) in \(file)")
                var object = object
                if kind == "ClusterRole", !revoked.isEmpty, case .array(let rules)? = object["rules"] {
                    object["rules"] = .array(rules.filter { rule in
                        !(rule["apiGroups"]?.arrayValue ?? []).contains { revoked.contains($0.stringValue ?? "") }
                    })
                }
                try state.create(type, namespace: object.value(atPath: "metadata.namespace")?.stringValue, body: object)
            }
        }
    }

    static func groupVersion(_ apiVersion: String) -> (String, String) {
        let parts = apiVersion.split(separator: "/").map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("", parts.first ?? "")
    }

    @Test(arguments: runs)
    func theOperatorAsItsServiceAccountIsNeverForbiddenAndReleasesItsGuard(_ apis: APIs) async throws {
        let (header, frames) = try Self.demo.get()
        let warnings = LogCapture(level: .warning)
        try await SimulatedCluster.with(header: header, guardName: "sa", logger: warnings.logger()) { cluster in
            let state = cluster.state
            let namespace = header.workload.namespace
            let workload = header.workload.name
            try Self.applyDeployRBAC(state, revoking: apis.revoked)
            state.enableRBAC(tokens: [Self.token: Self.user])

            func type(_ group: String, _ version: String, _ plural: String) throws -> ResourceType {
                try #require(state.resourceType(group: group, version: version, plural: plural))
            }
            var crds: [(String, String, String, String, Bool)] = []
            if let group = apis.traefikGroup { crds.append((group, "v1alpha1", "middlewares", "Middleware", true)) }
            switch apis.denySets {
            case .calicoAPIServer: crds.append(("projectcalico.org", "v3", "globalnetworksets", "GlobalNetworkSet", false))
            case .calicoCRD: crds.append(("crd.projectcalico.org", "v1", "globalnetworksets", "GlobalNetworkSet", false))
            case .cilium: crds.append(("cilium.io", "v2alpha1", "ciliumcidrgroups", "CiliumCIDRGroup", false))
            case .none: break
            }
            if apis.keda { crds.append(("keda.sh", "v1alpha1", "scaledobjects", "ScaledObject", true)) }
            if apis.nodeProvisioners {
                crds.append(("karpenter.sh", "v1", "nodepools", "NodePool", false))
                crds.append(("cluster.x-k8s.io", "v1beta1", "machinedeployments", "MachineDeployment", true))
            }
            let crdType = try type("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            for (group, version, plural, kind, namespaced) in crds {
                try state.create(crdType, namespace: nil,
                                 body: OperatorRBACCoverageTests.crd(group, version, plural, kind, namespaced: namespaced))
            }
            let middleware = (namespace: namespace, name: "prod-rate-limit")
            if let group = apis.traefikGroup {
                try state.create(try type(group, "v1alpha1", "middlewares"), namespace: namespace, body: [
                    "apiVersion": .string("\(group)/v1alpha1"), "kind": "Middleware",
                    "metadata": ["name": .string(middleware.name), "namespace": .string(namespace)],
                    "spec": ["rateLimit": ["average": 100, "burst": 200]],
                ])
            }
            if apis.nodeProvisioners {
                try OperatorRBACCoverageTests.createNodeProvisioners(state, namespace: namespace)
            }
            let hpaType = try type("autoscaling", "v2", "horizontalpodautoscalers")
            if apis.keda {
                try state.create(try type("keda.sh", "v1alpha1", "scaledobjects"), namespace: namespace, body: [
                    "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
                    "metadata": ["name": .string(workload), "namespace": .string(namespace)],
                    "spec": ["scaleTargetRef": ["name": .string(workload)]],
                ])
                _ = try state.patch(hpaType, namespace: namespace, name: workload, patchType: .merge, patch: ["metadata": [
                    "ownerReferences": [["apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "name": .string(workload)]],
                ]])
            }
            // What the guard may change, as it was before.
            let before = try #require(try state.object(hpaType, namespace: namespace, name: workload))
            let externalBefore = try Self.external(state, apis: apis, namespace: namespace, workload: workload)

            // One guard with every action: the pause and the ceiling on the HPA (or its ScaledObject),
            // a deny list on the provider installed (Calico's when none is), the Traefik rate limit, and
            // maxNodes held at both node provisioners.
            var spec = cluster.guardSpec(mode: .enforce)
            spec["caps"] = ["maxNodes": 12]
            var actions = spec["actions"] ?? [:]
            actions["denyList"] = ["enabled": true, "provider": apis.denySets == .cilium ? "CiliumCIDRGroup" : "CalicoGlobalNetworkSet",
                                   "name": "costguard-sa", "ttl": "10m"]
            actions["rateLimit"] = ["enabled": true, "middleware": ["namespace": .string(namespace), "name": .string(middleware.name)]]
            actions["nodePools"] = ["karpenterNodePoolSelector": ["matchLabels": ["pool": "shop"]],
                                    "clusterAPIMachineDeploymentSelector": ["matchLabels": ["pool": "shop"]]]
            spec["actions"] = actions
            try cluster.createGuard(name: "sa", spec: spec)

            // Leader election on deploy/base's Lease, as the ServiceAccount too.
            let credentials = ClientConfiguration.Credentials.token(Secret(Self.token))
            let leaseClient = try Client(configuration: ClientConfiguration(server: cluster.server.url, credentials: credentials),
                                         logger: Self.quiet)
            let elector = LeaderElector(client: leaseClient, configuration: LeaderElectionConfiguration(
                namespace: "costguard-system", name: "costguard-operator", identity: "costguard-0", leaseDuration: .seconds(10),
                renewDeadline: .seconds(6), retryPeriod: .milliseconds(200)), logger: Self.quiet)
            let campaign = Task { try await elector.run() }
            try await elector.waitForLeadership()

            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator(credentials: credentials) { handle in
                var paused = false
                var ceiling = false
                var rateLimited = false
                for frame in frames.dropFirst() where frame.t <= 3 * 3600 + 1800 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    if let result = results.first?.result {
                        paused = paused || !(result.status.paused ?? []).isEmpty
                        ceiling = ceiling || !(result.status.ceilings ?? []).isEmpty
                    }
                    if let group = apis.traefikGroup,
                       let object = try state.object(try type(group, "v1alpha1", "middlewares"), namespace: namespace, name: middleware.name),
                       object.value(atPath: "spec.rateLimit.average")?.intValue != 100 {
                        rateLimited = true
                    }
                }
                #expect(paused, "the demo's flood never paused the guarded workload")
                #expect(ceiling, "the guard never held a ceiling")
                if let group = apis.traefikGroup, !apis.revoked.contains(group) {
                    #expect(rateLimited, "the Middleware was never tightened")
                }
                if !apis.revoked.isEmpty {
                    // The guard says why it could not act (one failure at a time): an API it may not read.
                    let status = Self.text(try cluster.guardObject("sa")?["status"])
                    #expect(status.contains("forbidden") && apis.revoked.contains { status.contains($0) },
                            "the status does not report the 403: \(status)")
                }

                // Deleted, the guard must be finalized within a few seconds (the operator acts on the
                // watch event at once; the margin is for a loaded machine), not wait for a retry that
                // never succeeds.
                try state.delete(cluster.guardType, namespace: nil, name: "sa")
                let deadline = ContinuousClock.now + .seconds(8)
                var finalized = false
                while ContinuousClock.now < deadline {
                    if try cluster.guardObject("sa") == nil { finalized = true; break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let left = try cluster.guardObject("sa")
                #expect(finalized, "the deleted guard is still there 8 s later: finalizers=\(Self.text(left?.value(atPath: "metadata.finalizers")))")
            }

            campaign.cancel()
            _ = await campaign.result
            try await leaseClient.shutdown()

            // Everything it changed is back as it was.
            let after = try #require(try state.object(hpaType, namespace: namespace, name: workload))
            #expect(after["spec"]?["maxReplicas"] == before["spec"]?["maxReplicas"], "HPA maxReplicas not restored")
            #expect(Self.pruned(after["spec"]?["behavior"]) == Self.pruned(before["spec"]?["behavior"]),
                    "HPA behavior not restored: \(Self.text(after["spec"]?["behavior"]))")
            #expect(Self.costGuardAnnotations(after) == Self.costGuardAnnotations(before),
                    "the HPA's costguard.dev annotations: \(Self.costGuardAnnotations(after))")
            let externalAfter = try Self.external(state, apis: apis, namespace: namespace, workload: workload)
            for (name, object) in externalAfter {
                let was = externalBefore[name]
                #expect(Self.pruned(object["spec"]) == Self.pruned(was?["spec"]), "\(name) not restored: \(Self.text(object["spec"]))")
                #expect(Self.pruned(object.value(atPath: "metadata.annotations")) == Self.pruned(was?.value(atPath: "metadata.annotations")),
                        "\(name)'s annotations not restored: \(Self.text(object.value(atPath: "metadata.annotations")))")
                #expect(Self.pruned(object.value(atPath: "metadata.labels")) == Self.pruned(was?.value(atPath: "metadata.labels")),
                        "\(name)'s labels not restored: \(Self.text(object.value(atPath: "metadata.labels")))")
            }

            // Not one request was refused (but lists of what was revoked), and every one was made as
            // the ServiceAccount.
            let denials = state.rbacDenials.filter { !(apis.revoked.contains($0.request.group) && $0.request.verb == "list") }
            #expect(denials.isEmpty, "403s: \(Set(denials.map(\.message)).sorted())")
            if !apis.revoked.isEmpty {
                #expect(Set(state.rbacDenials.map(\.request.group)) == Set(apis.revoked), "\(Set(state.rbacDenials.map(\.message)))")
            }
            // Each API it may not read is warned about once, not on every pass.
            let forbiddenWarnings = warnings.all.filter { $0.contains("not allowed to list") }
            #expect(forbiddenWarnings.count == apis.revoked.count, "\(forbiddenWarnings)")
            for group in apis.revoked {
                #expect(forbiddenWarnings.contains { $0.contains(group) }, "no warning for \(group): \(forbiddenWarnings)")
            }
            let anonymous = state.requests.filter { !$0.hasAuthorization }
            #expect(anonymous.isEmpty, "requests without the token: \(anonymous.prefix(5))")
            #expect(state.requests.count > 100, "the operator made only \(state.requests.count) requests")
        }
    }

    /// The external objects of this run that the guard may change, by kind and name.
    static func external(_ state: ClusterState, apis: APIs, namespace: String, workload: String) throws -> [String: JSONValue] {
        var objects: [String: JSONValue] = [:]
        func add(_ group: String, _ version: String, _ plural: String, _ namespace: String?, _ name: String) throws {
            guard let type = state.resourceType(group: group, version: version, plural: plural) else { return }
            if let object = try state.object(type, namespace: namespace, name: name) { objects["\(plural).\(group) \(name)"] = object }
        }
        if let group = apis.traefikGroup { try add(group, "v1alpha1", "middlewares", namespace, "prod-rate-limit") }
        if apis.keda { try add("keda.sh", "v1alpha1", "scaledobjects", namespace, workload) }
        if apis.nodeProvisioners {
            try add("karpenter.sh", "v1", "nodepools", nil, "general")
            try add("cluster.x-k8s.io", "v1beta1", "machinedeployments", namespace, "workers")
        }
        return objects
    }

    /// The value without empty objects (a merge patch that removes a field's last key leaves `{}`,
    /// which means the same as the field absent).
    static func pruned(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        guard case .object(let fields) = value else { return value }
        let kept = fields.compactMapValues { pruned($0) }
        return kept.isEmpty ? nil : .object(kept)
    }

    static func text(_ value: JSONValue?) -> String {
        value.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "nil"
    }

    static func costGuardAnnotations(_ object: JSONValue) -> [String] {
        (object.value(atPath: "metadata.annotations")?.stringMap ?? [:]).keys.filter { $0.hasPrefix("costguard.dev/") }.sorted()
    }
}
