import Foundation
import KubeSim
import Testing
import TestSupport

/// The RBAC matcher against hand-written roles (the authorizer's rules), then the operator's own
/// ClusterRole and Role in deploy/base.
@Suite struct RBACRulesTests {
    static let clusterRole = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: test}
    rules:
      # list, watch: the cache. patch: the finalizer.
      - apiGroups: ["costguard.dev"]
        resources: ["costguards"]
        verbs: ["list", "watch", "patch"]
      # patch: the status.
      - apiGroups: ["costguard.dev"]
        resources: ["costguards/status"]
        verbs: ["patch"]
      - apiGroups: [""]
        resources: ["nodes"]
        verbs: ["list"]
      # get: one named object only.
      - apiGroups: ["apps"]
        resources: ["deployments"]
        resourceNames: ["web"]
        verbs: ["get"]
    """

    static let role = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: leases, namespace: ops}
    rules:
      - apiGroups: ["coordination.k8s.io"]
        resources: ["leases"]
        verbs: ["create"]
    """

    @Test func allowsExactlyTheVerbsGroupsAndResourcesListed() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole, role: Self.role)
        #expect(rbac.rules.count == 5)
        #expect(rbac.allows(verb: "list", group: "costguard.dev", resource: "costguards"))
        #expect(rbac.allows(verb: "patch", group: "costguard.dev", resource: "costguards", name: "shop"))
        #expect(!rbac.allows(verb: "get", group: "costguard.dev", resource: "costguards", name: "shop"))
        #expect(!rbac.allows(verb: "delete", group: "costguard.dev", resource: "costguards", name: "shop"))
        // The group must match: the core group is "", not any group.
        #expect(rbac.allows(verb: "list", group: "", resource: "nodes"))
        #expect(!rbac.allows(verb: "list", group: "metrics.k8s.io", resource: "nodes"))
        #expect(!rbac.allows(verb: "list", group: "", resource: "pods"))
    }

    @Test func subresourcesNeedTheirOwnRule() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole)
        #expect(rbac.allows(verb: "patch", group: "costguard.dev", resource: "costguards", subresource: "status", name: "shop"))
        // costguards/status grants nothing on costguards, nor the reverse.
        #expect(!rbac.allows(verb: "list", group: "costguard.dev", resource: "costguards", subresource: "status"))
        #expect(!rbac.allows(verb: "patch", group: "costguard.dev", resource: "costguards", subresource: "scale", name: "shop"))
    }

    @Test func wildcardsMatchAsTheAuthorizerMatchesThem() throws {
        let rbac = RBACRules(rules: [
            .init(apiGroups: ["*"], resources: ["*/scale"], verbs: ["get"]),
            .init(apiGroups: ["apps"], resources: ["*"], verbs: ["*"]),
        ])
        #expect(rbac.allows(verb: "get", group: "autoscaling", resource: "horizontalpodautoscalers", subresource: "scale", name: "x"))
        #expect(!rbac.allows(verb: "get", group: "autoscaling", resource: "horizontalpodautoscalers", name: "x"))
        #expect(rbac.allows(verb: "deletecollection", group: "apps", resource: "replicasets", namespace: "a"))
        #expect(rbac.allows(verb: "update", group: "apps", resource: "deployments", subresource: "status", namespace: "a", name: "b"))
        let wildcards = rbac.rules.map(\.hasWildcard)
        #expect(wildcards == [true, true])
    }

    @Test func resourceNamesNeedANamedRequest() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole)
        #expect(rbac.allows(verb: "get", group: "apps", resource: "deployments", namespace: "shop", name: "web"))
        #expect(!rbac.allows(verb: "get", group: "apps", resource: "deployments", namespace: "shop", name: "api"))
        // A request without a name (as list, watch and create are) never matches a rule that names objects.
        #expect(!rbac.allows(verb: "get", group: "apps", resource: "deployments", namespace: "shop"))
    }

    @Test func aRoleHoldsOnlyInItsNamespaceAndAClusterRoleEverywhere() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole, role: Self.role)
        #expect(rbac.allows(verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: "ops"))
        #expect(!rbac.allows(verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: "default"))
        #expect(!rbac.allows(verb: "create", group: "coordination.k8s.io", resource: "leases"))
        #expect(rbac.allows(verb: "patch", group: "costguard.dev", resource: "costguards", namespace: "anything", name: "x"))
        let leaseRule = try #require(rbac.rules.last)
        #expect(leaseRule.namespace == "ops")
        #expect(leaseRule.source == "Role ops/leases")
    }

    @Test func unusedRulesAndPermissionsAreWhatNoRequestNeeded() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole, role: Self.role)
        let requests: [RBACRules.Request] = [
            .init(verb: "list", group: "costguard.dev", resource: "costguards"),
            .init(verb: "watch", group: "costguard.dev", resource: "costguards"),
            .init(verb: "list", group: "", resource: "nodes"),
            .init(verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: "ops", name: nil),
            .init(verb: "delete", group: "", resource: "pods", namespace: "x", name: "y"),
        ]
        #expect(rbac.unusedRules(given: requests).map(\.resources) == [["costguards/status"], ["deployments"]])
        #expect(rbac.unusedPermissions(given: requests).map(\.description) == [
            "patch costguard.dev/costguards (ClusterRole test line 6)",
            "patch costguard.dev/costguards/status (ClusterRole test line 10)",
            "get apps/deployments (ClusterRole test line 17)",
        ])
        #expect(rbac.denied(requests + requests).map(\.description) == ["delete core/pods -n x y"])
    }

    @Test func aKubeSimRequestIsAskedAsItWasServed() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole)
        let served = RecordedRequest(verb: "patch", group: "costguard.dev", resource: "costguards", namespace: nil,
                                     subresource: "status", name: "shop")
        #expect(rbac.allows(served))
        #expect(RBACRules.Request(served) == .init(verb: "patch", group: "costguard.dev", resource: "costguards",
                                                   subresource: "status", name: "shop"))
    }

    @Test func keepsTheLineAndTheCommentAboveEachRule() throws {
        let rbac = try RBACRules.parse(clusterRole: Self.clusterRole)
        #expect(rbac.rules.map(\.line) == [6, 10, 13, 17])
        #expect(rbac.rules[0].comment == "list, watch: the cache. patch: the finalizer.")
        #expect(rbac.rules[2].comment == "")
    }

    @Test func malformedRolesAreRejectedWithTheReason() {
        let cases: [(String, String)] = [
            ("kind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nrules: []", "0 objects of kind ClusterRole"),
            ("kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1beta1\nmetadata: {name: x}\nrules: []", "apiVersion"),
            ("kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}", "no rules list"),
            ("kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nrules:\n- apiGroups: [\"\"]\n  resources: [nodes]",
             "has no verbs"),
            ("kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nrules:\n- apiGroups: \"\"\n  resources: [nodes]\n  verbs: [get]",
             "apiGroups must be a list"),
        ]
        for (text, expected) in cases {
            do {
                _ = try RBACRules.parse(clusterRole: text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
        #expect(throws: RBACRules.LoadError.self) {
            try RBACRules.parse(clusterRole: Self.clusterRole, role: "kind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nrules: []")
        }
    }
}

/// deploy/base's ClusterRole, Role and bindings: least privilege, justified, bound to the operator.
@Suite struct OperatorRBACTests {
    static func load() throws -> RBACRules {
        try RBACRules.load(clusterRole: Repo.path("deploy/base/clusterrole.yaml"), role: Repo.path("deploy/base/role.yaml"))
    }

    @Test func noWildcardsAndEveryRuleJustifiesEachOfItsVerbs() throws {
        let rbac = try Self.load()
        #expect(rbac.rules.count >= 14)
        for rule in rbac.rules {
            #expect(!rule.hasWildcard, "\(rule): no wildcards")
            #expect(!rule.comment.isEmpty, "\(rule): needs a comment above it saying why")
            let words = Set(rule.comment.lowercased().split { !$0.isLetter }.map(String.init))
            for verb in rule.verbs {
                #expect(words.contains(verb), "\(rule): the comment above does not justify \(verb)")
            }
            #expect(rule.resources.count == 1 && rule.apiGroups.count == 1, "\(rule): one group and resource per rule")
        }
        // Each (group, resource) appears in one rule of the ClusterRole, so a verb is found in one place.
        let keys = rbac.rules.filter { $0.namespace == nil }.map { "\($0.apiGroups)\($0.resources)" }
        #expect(Set(keys).count == keys.count, "a resource has two ClusterRole rules: \(keys)")
    }

    // What the operator does ask for is checked against requests it really made:
    // OperatorRBACCoverageTests runs it end to end with every action on.

    @Test func deniesWhatTheOperatorHasNoBusinessDoing() throws {
        let rbac = try Self.load()
        let requests: [RBACRules.Request] = [
            .init(verb: "get", group: "", resource: "secrets", namespace: "costguard-system", name: "x"),
            .init(verb: "list", group: "", resource: "secrets"),
            .init(verb: "create", group: "", resource: "pods", namespace: "shop"),
            .init(verb: "delete", group: "costguard.dev", resource: "costguards", name: "shop"),
            .init(verb: "update", group: "costguard.dev", resource: "costguards", name: "shop"),
            .init(verb: "patch", group: "", resource: "nodes", name: "node-1"),
            .init(verb: "delete", group: "", resource: "nodes", name: "node-1"),
            .init(verb: "delete", group: "autoscaling", resource: "horizontalpodautoscalers", namespace: "shop", name: "web"),
            .init(verb: "patch", group: "apps", resource: "deployments", subresource: "scale", namespace: "shop", name: "web"),
            .init(verb: "patch", group: "events.k8s.io", resource: "events", namespace: "default", name: "e"),
            // The Lease: no update, no other Lease, and nothing outside costguard-system.
            .init(verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: "costguard-system", name: "costguard-operator"),
            .init(verb: "patch", group: "coordination.k8s.io", resource: "leases", namespace: "costguard-system", name: "other"),
            .init(verb: "patch", group: "coordination.k8s.io", resource: "leases", namespace: "kube-system", name: "costguard-operator"),
            .init(verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease"),
            .init(verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "costguard-operator"),
            .init(verb: "delete", group: "projectcalico.org", resource: "globalnetworkpolicies", name: "costguard-deny"),
            .init(verb: "delete", group: "traefik.io", resource: "middlewares", namespace: "shop", name: "shop-rate-limit"),
        ]
        for request in requests {
            #expect(!rbac.allows(request), "allowed: \(request) by \(rbac.rules(allowing: request))")
        }
    }

    @Test func theLeaseRuleNamesTheLeaseTheOperatorUsesByDefault() throws {
        // RunCommand's --leader-election-id default is the Lease name the Role's get/patch rule names.
        let source = try YAMLDocuments.read(Repo.path("Sources/costguard/RunCommand.swift"))
        let declaration = try #require(source.split(separator: "\n").first { $0.contains("var leaderElectionID") })
        let defaultName = try #require(declaration.split(separator: "\"").dropFirst().first.map(String.init))
        let rbac = try Self.load()
        let named = rbac.rules.filter { !$0.resourceNames.isEmpty }
        #expect(named.map(\.resourceNames) == [[defaultName]])
        #expect(named.first?.namespace == "costguard-system")
    }

    @Test func theBindingsGiveBothRolesToTheOperatorsServiceAccount() throws {
        let clusterRole = try YAMLDocuments.loadOne(Repo.path("deploy/base/clusterrole.yaml"))
        let role = try YAMLDocuments.loadOne(Repo.path("deploy/base/role.yaml"))
        let serviceAccount = try YAMLDocuments.loadOne(Repo.path("deploy/base/serviceaccount.yaml"))
        let deployment = try YAMLDocuments.loadOne(Repo.path("deploy/base/deployment.yaml"))
        let accountName = serviceAccount.value(atPath: "metadata.name")?.stringValue
        let accountNamespace = serviceAccount.value(atPath: "metadata.namespace")?.stringValue
        #expect(deployment.value(atPath: "spec.template.spec.serviceAccountName")?.stringValue == accountName)
        #expect(deployment.value(atPath: "metadata.namespace")?.stringValue == accountNamespace)

        for (file, kind, target) in [("clusterrolebinding.yaml", "ClusterRoleBinding", clusterRole),
                                     ("rolebinding.yaml", "RoleBinding", role)] {
            let binding = try YAMLDocuments.loadOne(Repo.path("deploy/base/" + file))
            #expect(binding["kind"]?.stringValue == kind)
            #expect(binding.value(atPath: "roleRef.kind")?.stringValue == target["kind"]?.stringValue, "\(file)")
            #expect(binding.value(atPath: "roleRef.name")?.stringValue == target.value(atPath: "metadata.name")?.stringValue, "\(file)")
            #expect(binding.value(atPath: "roleRef.apiGroup")?.stringValue == "rbac.authorization.k8s.io", "\(file)")
            let subjects = binding["subjects"]?.arrayValue ?? []
            #expect(subjects.count == 1, "\(file): one subject")
            #expect(subjects.first?["kind"]?.stringValue == "ServiceAccount", "\(file)")
            #expect(subjects.first?["name"]?.stringValue == accountName, "\(file)")
            #expect(subjects.first?["namespace"]?.stringValue == accountNamespace, "\(file)")
            if kind == "RoleBinding" {
                #expect(binding.value(atPath: "metadata.namespace") == role.value(atPath: "metadata.namespace"))
            }
        }
    }
}
