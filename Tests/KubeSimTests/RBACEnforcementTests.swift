@testable import KubeSim
import KubeModel
import Testing

/// KubeSim's RBAC, when turned on: requests are authorized against the stored roles and bindings
/// as kube-apiserver's RBAC authorizer does, and a refusal is the real server's 403.
@Suite struct RBACEnforcementTests {
    static let operatorUser = "system:serviceaccount:ops:robot"

    struct Fixture {
        let cluster = ClusterState()
        let router: Router

        init() throws {
            router = Router(cluster: cluster, serverAddress: "127.0.0.1:0")
            let namespaces = try #require(cluster.resourceType(group: "", version: "v1", plural: "namespaces"))
            for name in ["ops", "shop"] {
                try cluster.create(namespaces, namespace: nil, body: ["metadata": ["name": .string(name)]])
            }
            cluster.enableRBAC(tokens: ["robot": RBACEnforcementTests.operatorUser, "alice": "alice"])
        }

        func store(_ plural: String, namespace: String? = nil, _ body: JSONValue) throws {
            let type = try #require(cluster.resourceType(group: "rbac.authorization.k8s.io", version: "v1", plural: plural))
            try cluster.create(type, namespace: namespace, body: body)
        }

        func clusterRole(_ name: String, _ rules: [JSONValue]) throws {
            try store("clusterroles", ["metadata": ["name": .string(name)], "rules": .array(rules)])
        }

        func binding(_ plural: String, _ name: String, namespace: String? = nil, role: (kind: String, name: String),
                     subjects: [JSONValue]) throws {
            var metadata: JSONValue = ["name": .string(name)]
            if let namespace { metadata["namespace"] = .string(namespace) }
            try store(plural, namespace: namespace, ["metadata": metadata, "subjects": .array(subjects),
                                                     "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(role.kind),
                                                                 "name": .string(role.name)]])
        }

        /// The status code and the Status (or object) answered.
        func send(_ method: String, _ uri: String, token: String? = "robot", body: JSONValue? = nil,
                  contentType: String = "application/merge-patch+json") async throws -> (Int, JSONValue) {
            var headers: [(String, String)] = [("Content-Type", contentType)]
            if let token { headers.append(("Authorization", "Bearer \(token)")) }
            let reply = await router.handle(SimRequest(method: method, uri: uri, headers: headers, body: body?.serialized() ?? []))
            guard case .full(let status, let bytes, _) = reply else { return (200, [:]) }
            return (status, try JSONValue(parsing: bytes))
        }
    }

    static let readHPAs: JSONValue = ["apiGroups": ["autoscaling"], "resources": ["horizontalpodautoscalers"],
                                      "verbs": ["list", "watch", "get"]]

    @Test func aClusterRoleBindingGrantsEverywhereAndNothingElse() async throws {
        let fixture = try Fixture()
        try fixture.clusterRole("hpa-reader", [Self.readHPAs])
        try fixture.binding("clusterrolebindings", "robot-reads", role: ("ClusterRole", "hpa-reader"),
                            subjects: [["kind": "ServiceAccount", "name": "robot", "namespace": "ops"]])
        #expect(try await fixture.send("GET", "/apis/autoscaling/v2/horizontalpodautoscalers").0 == 200)
        #expect(try await fixture.send("GET", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?watch=true").0 == 200)

        let (code, status) = try await fixture.send("PATCH", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web",
                                                    body: ["spec": ["maxReplicas": 3]])
        #expect(code == 403)
        #expect(status["reason"] == "Forbidden")
        #expect(status["code"] == 403)
        #expect(status["details"] == ["name": "web", "group": "autoscaling", "kind": "horizontalpodautoscalers"])
        #expect(status["message"]?.stringValue == "horizontalpodautoscalers.autoscaling \"web\" is forbidden: User \"system:serviceaccount:ops:robot\" cannot patch resource \"horizontalpodautoscalers\" in API group \"autoscaling\" in the namespace \"shop\"")
        #expect(fixture.cluster.rbacDenials.map(\.request.verb) == ["patch"])

        // Cluster scope, no name, core group: the other shapes of the message.
        let (nodesCode, nodes) = try await fixture.send("GET", "/api/v1/nodes")
        #expect(nodesCode == 403)
        #expect(nodes["message"]?.stringValue == "nodes is forbidden: User \"system:serviceaccount:ops:robot\" cannot list resource \"nodes\" in API group \"\" at the cluster scope")
        #expect(nodes["details"] == ["kind": "nodes"])
        let (_, statusPatch) = try await fixture.send("PATCH", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web/status",
                                                      body: [:])
        #expect(statusPatch["message"]?.stringValue == "horizontalpodautoscalers.autoscaling \"web\" is forbidden: User \"system:serviceaccount:ops:robot\" cannot patch resource \"horizontalpodautoscalers/status\" in API group \"autoscaling\" in the namespace \"shop\"")
    }

    @Test func anAPINotServedIsForbiddenBeforeItIsNotFound() async throws {
        let fixture = try Fixture()
        try fixture.clusterRole("new-traefik", [["apiGroups": ["traefik.io"], "resources": ["middlewares"], "verbs": ["list"]]])
        try fixture.binding("clusterrolebindings", "robot-traefik", role: ("ClusterRole", "new-traefik"),
                            subjects: [["kind": "ServiceAccount", "name": "robot", "namespace": "ops"]])
        // Neither group is served: the granted one answers 404, the other 403, as a real server does.
        #expect(try await fixture.send("GET", "/apis/traefik.io/v1alpha1/middlewares").0 == 404)
        let (code, status) = try await fixture.send("GET", "/apis/traefik.containo.us/v1alpha1/namespaces/shop/middlewares")
        #expect(code == 403)
        #expect(status["message"]?.stringValue == "middlewares.traefik.containo.us is forbidden: User \"system:serviceaccount:ops:robot\" cannot list resource \"middlewares\" in API group \"traefik.containo.us\" in the namespace \"shop\"")
        // The admin (no token) is never restricted.
        #expect(try await fixture.send("GET", "/apis/traefik.containo.us/v1alpha1/middlewares", token: nil).0 == 404)
        #expect(try await fixture.send("GET", "/api/v1/nodes", token: nil).0 == 200)
    }

    @Test func aRoleBindingHoldsOnlyInItsNamespace() async throws {
        let fixture = try Fixture()
        try fixture.clusterRole("hpa-reader", [Self.readHPAs])
        // A RoleBinding to a ClusterRole: its rules, in the binding's namespace only.
        try fixture.binding("rolebindings", "shop-reads", namespace: "shop", role: ("ClusterRole", "hpa-reader"),
                            subjects: [["kind": "ServiceAccount", "name": "robot", "namespace": "ops"]])
        #expect(try await fixture.send("GET", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers").0 == 200)
        #expect(try await fixture.send("GET", "/apis/autoscaling/v2/namespaces/ops/horizontalpodautoscalers").0 == 403)
        #expect(try await fixture.send("GET", "/apis/autoscaling/v2/horizontalpodautoscalers").0 == 403)

        // A Role with resourceNames, bound in ops to a ServiceAccount named without a namespace
        // (the binding's own); a Role of another namespace is not found.
        try fixture.store("roles", namespace: "ops", ["metadata": ["name": "lease", "namespace": "ops"], "rules": [
            ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "resourceNames": ["mine"], "verbs": ["get", "patch"]],
            ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["create"]],
        ]])
        try fixture.binding("rolebindings", "lease", namespace: "ops", role: ("Role", "lease"),
                            subjects: [["kind": "ServiceAccount", "name": "robot"]])
        #expect(try await fixture.send("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/mine").0 == 404)
        #expect(try await fixture.send("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/other").0 == 403)
        #expect(try await fixture.send("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases").0 == 403)
        #expect(try await fixture.send("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases?fieldSelector=metadata.name%3Dmine")
            .0 == 403, "a list names no object unless its verb allows it: get is not list")
        #expect(try await fixture.send("POST", "/apis/coordination.k8s.io/v1/namespaces/ops/leases",
                                       body: ["metadata": ["name": "mine"]], contentType: "application/json").0 == 201)
        try fixture.binding("rolebindings", "dangling", namespace: "shop", role: ("Role", "lease"),
                            subjects: [["kind": "ServiceAccount", "name": "robot", "namespace": "ops"]])
        let (_, status) = try await fixture.send("GET", "/apis/coordination.k8s.io/v1/namespaces/shop/leases/mine")
        #expect(status["message"]?.stringValue == "leases.coordination.k8s.io \"mine\" is forbidden: User \"system:serviceaccount:ops:robot\" cannot get resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"shop\": RBAC: role.rbac.authorization.k8s.io \"lease\" not found")
    }

    @Test func groupsUsersAndWildcards() async throws {
        let fixture = try Fixture()
        try fixture.clusterRole("everything-status", [["apiGroups": ["*"], "resources": ["*/status"], "verbs": ["*"]]])
        try fixture.clusterRole("node-reader", [["apiGroups": [""], "resources": ["nodes"], "verbs": ["list"]]])
        try fixture.clusterRole("ns-reader", [["apiGroups": [""], "resources": ["namespaces"], "verbs": ["list"]]])
        try fixture.binding("clusterrolebindings", "all-sa", role: ("ClusterRole", "everything-status"),
                            subjects: [["kind": "Group", "name": "system:serviceaccounts"]])
        try fixture.binding("clusterrolebindings", "ops-sa", role: ("ClusterRole", "node-reader"),
                            subjects: [["kind": "Group", "name": "system:serviceaccounts:ops"]])
        try fixture.binding("clusterrolebindings", "alice", role: ("ClusterRole", "ns-reader"),
                            subjects: [["kind": "User", "name": "alice"]])
        #expect(try await fixture.send("PATCH", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web/status",
                                       body: [:]).0 == 404)
        #expect(try await fixture.send("PATCH", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web",
                                       body: [:]).0 == 403)
        #expect(try await fixture.send("GET", "/api/v1/nodes").0 == 200)
        #expect(try await fixture.send("GET", "/api/v1/nodes", token: "alice").0 == 403)
        #expect(try await fixture.send("GET", "/api/v1/namespaces", token: "alice").0 == 200)
        #expect(try await fixture.send("GET", "/api/v1/namespaces").0 == 403)
        // Every authenticated user.
        try fixture.binding("clusterrolebindings", "authenticated", role: ("ClusterRole", "ns-reader"),
                            subjects: [["kind": "Group", "name": "system:authenticated"]])
        #expect(try await fixture.send("GET", "/api/v1/namespaces").0 == 200)
        // An unknown token is not the admin: 401.
        #expect(try await fixture.send("GET", "/api/v1/namespaces", token: "stolen").0 == 401)
        // Discovery is not restricted.
        #expect(try await fixture.send("GET", "/apis", token: "alice").0 == 200)
        fixture.cluster.disableRBAC()
        #expect(try await fixture.send("GET", "/api/v1/nodes", token: "alice").0 == 200)
    }
}
