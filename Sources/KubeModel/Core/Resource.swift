/// How the API addresses a kind of object: group, version, plural and scope.
/// Custom resources are addressed the same way as built-in ones.
public struct Resource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/group/version`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path, in a namespace when one is given.
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var path = groupVersionPath
        if namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(plural)"
        if let name {
            path += "/\(name)"
            if let subresource { path += "/\(subresource)" }
        }
        return path
    }

    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public static let namespaces = Resource(group: "", version: "v1", plural: "namespaces", namespaced: false)
    public static let nodes = Resource(group: "", version: "v1", plural: "nodes", namespaced: false)
    public static let coreEvents = Resource(group: "", version: "v1", plural: "events", namespaced: true)
    public static let events = Resource(group: "events.k8s.io", version: "v1", plural: "events", namespaced: true)
    public static let horizontalPodAutoscalers = Resource(
        group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers", namespaced: true)
    public static let endpointSlices = Resource(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", namespaced: true)
    public static let leases = Resource(group: "coordination.k8s.io", version: "v1", plural: "leases", namespaced: true)
    public static let customResourceDefinitions = Resource(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions", namespaced: false)
    public static let costGuards = Resource(group: "costguard.dev", version: "v1alpha1", plural: "costguards", namespaced: false)
}
