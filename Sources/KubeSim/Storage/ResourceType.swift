import KubeModel

/// A kind of object the simulated server serves: built in, or added by a CRD.
package struct ResourceType: Sendable, Hashable {
    package var group: String
    package var version: String
    package var plural: String
    package var singular: String
    package var kind: String
    package var namespaced: Bool
    package var shortNames: [String]
    package var hasStatus: Bool
    /// Whether metadata.generation counts spec changes (most kinds; not nodes, namespaces, events, leases).
    package var tracksGeneration: Bool
    package init(group: String, version: String, plural: String, singular: String, kind: String, namespaced: Bool,
                shortNames: [String] = [], hasStatus: Bool, tracksGeneration: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.hasStatus = hasStatus
        self.tracksGeneration = tracksGeneration
    }

    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    package var key: ResourceKey { ResourceKey(group: group, plural: plural) }
    /// `costguards.costguard.dev`, as Status details and messages name resources.
    package var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    package static let builtIn: [ResourceType] = [
        ResourceType(group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
                     namespaced: false, shortNames: ["ns"], hasStatus: true, tracksGeneration: false),
        ResourceType(group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node",
                     namespaced: false, shortNames: ["no"], hasStatus: true, tracksGeneration: false),
        ResourceType(group: "", version: "v1", plural: "events", singular: "event", kind: "Event",
                     namespaced: true, shortNames: ["ev"], hasStatus: false, tracksGeneration: false),
        ResourceType(group: "events.k8s.io", version: "v1", plural: "events", singular: "event", kind: "Event",
                     namespaced: true, shortNames: ["ev"], hasStatus: false, tracksGeneration: false),
        ResourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers",
                     singular: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler", namespaced: true,
                     shortNames: ["hpa"], hasStatus: true, tracksGeneration: true),
        ResourceType(group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
                     namespaced: true, hasStatus: false, tracksGeneration: false),
        ResourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
                     singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false,
                     shortNames: ["crd", "crds"], hasStatus: true, tracksGeneration: true),
        // What deploy/ installs (kubectl apply -k deploy/base in Tests/DeployTests): stored and served,
        // not acted on (no pods, no RBAC enforcement).
        ResourceType(group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
                     namespaced: true, shortNames: ["sa"], hasStatus: false, tracksGeneration: false),
        ResourceType(group: "", version: "v1", plural: "services", singular: "service", kind: "Service",
                     namespaced: true, shortNames: ["svc"], hasStatus: true, tracksGeneration: false),
        // The access-log receivers' endpoints, which the operator lists (spec.signals.accessLogs.service).
        ResourceType(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice",
                     kind: "EndpointSlice", namespaced: true, hasStatus: false, tracksGeneration: true),
        ResourceType(group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
                     namespaced: true, shortNames: ["deploy"], hasStatus: true, tracksGeneration: true),
        ResourceType(group: "policy", version: "v1", plural: "poddisruptionbudgets", singular: "poddisruptionbudget",
                     kind: "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"], hasStatus: true, tracksGeneration: true),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", singular: "clusterrole",
                     kind: "ClusterRole", namespaced: false, hasStatus: false, tracksGeneration: false),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterrolebindings",
                     singular: "clusterrolebinding", kind: "ClusterRoleBinding", namespaced: false, hasStatus: false,
                     tracksGeneration: false),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", plural: "roles", singular: "role", kind: "Role",
                     namespaced: true, hasStatus: false, tracksGeneration: false),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", singular: "rolebinding",
                     kind: "RoleBinding", namespaced: true, hasStatus: false, tracksGeneration: false),
    ]
}

/// Objects are stored per group and plural (a CRD's versions share one store).
package struct ResourceKey: Sendable, Hashable, CustomStringConvertible {
    package var group: String
    package var plural: String

    package init(group: String, plural: String) {
        self.group = group
        self.plural = plural
    }

    package var description: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
