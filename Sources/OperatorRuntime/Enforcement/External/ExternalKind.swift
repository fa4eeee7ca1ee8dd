import KubeModel

/// A kind of object outside CostGuard that guards change, with the API versions to try (the
/// first the cluster serves is used) and whether to read all of them each enforcer run (kinds with a
/// handful of objects, selected by label) or only those CostGuard marked plus those named.
struct ExternalKind: Sendable, Hashable {
    var key: String
    var kind: String
    var candidates: [Resource]
    var listAll: Bool

    /// Traefik's Middleware: traefik.io since v2.10, traefik.containo.us before.
    static let middlewares = ExternalKind(key: "middlewares", kind: "Middleware", candidates: [
        Resource(group: "traefik.io", version: "v1alpha1", plural: "middlewares", namespaced: true),
        Resource(group: "traefik.containo.us", version: "v1alpha1", plural: "middlewares", namespaced: true),
    ], listAll: false)
    static let scaledObjects = ExternalKind(key: "scaledobjects", kind: "ScaledObject", candidates: [
        Resource(group: "keda.sh", version: "v1alpha1", plural: "scaledobjects", namespaced: true),
    ], listAll: false)
    static let nodePools = ExternalKind(key: "nodepools", kind: "NodePool", candidates: [
        Resource(group: "karpenter.sh", version: "v1", plural: "nodepools", namespaced: false),
    ], listAll: true)
    static let machineDeployments = ExternalKind(key: "machinedeployments", kind: "MachineDeployment", candidates: [
        Resource(group: "cluster.x-k8s.io", version: "v1beta1", plural: "machinedeployments", namespaced: true),
    ], listAll: true)
}

/// An object by namespace (nil: cluster-scoped) and name.
struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    var namespace: String?
    var name: String

    init(namespace: String?, name: String) {
        self.namespace = namespace
        self.name = name
    }

    init?(_ object: JSONValue) {
        guard let name = object.value(atPath: "metadata.name")?.stringValue else { return nil }
        self.init(namespace: object.value(atPath: "metadata.namespace")?.stringValue, name: name)
    }

    var description: String { namespace.map { "\($0)/\(name)" } ?? name }
    static func < (a: ObjectRef, b: ObjectRef) -> Bool { a.description < b.description }
}

/// What the enforcer remembers of external objects between its runs: the API version each kind resolved to,
/// which kinds were looked at once, and the objects CostGuard has marked.
struct ExternalObjectsState: Sendable {
    var resolved: [String: Resource] = [:]
    var scanned: Set<String> = []
    /// Per kind, the objects CostGuard marked and the guards holding each.
    var marked: [String: [ObjectRef: [String]]] = [:]
    /// Per kind, the API versions the last read was not allowed to list (403), with the server's
    /// message: they count as absent, so a deleted guard is not held by what cannot be seen.
    var forbidden: [String: [String]] = [:]
    /// The (kind, API version) pairs already logged as forbidden, so each is warned about once.
    var warnedForbidden: Set<String> = []

    func needsRead(_ kind: ExternalKind, used: Bool) -> Bool {
        used || !(marked[kind.key] ?? [:]).isEmpty || !scanned.contains(kind.key)
    }

    /// Whether a guard still holds any marked object.
    func holds(_ guardName: String) -> Bool {
        marked.values.contains { $0.values.contains { $0.contains(guardName) } }
    }
}
