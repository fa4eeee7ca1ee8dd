/// How the API addresses a kind of object: group, version, plural and scope.
/// Custom resources are addressed the same way as built-in ones.
package struct Resource: Sendable, Hashable, CustomStringConvertible {
    package var group: String
    package var version: String
    package var plural: String
    package var namespaced: Bool

    package init(group: String, version: String, plural: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `group/version` otherwise.
    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/group/version`.
    package var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path, in a namespace when one is given.
    package func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var path = groupVersionPath
        if namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(plural)"
        if let name {
            path += "/\(name)"
            if let subresource { path += "/\(subresource)" }
        }
        return path
    }

    package var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    package static let namespaces = Resource(group: "", version: "v1", plural: "namespaces", namespaced: false)
    package static let nodes = Resource(group: "", version: "v1", plural: "nodes", namespaced: false)
    package static let coreEvents = Resource(group: "", version: "v1", plural: "events", namespaced: true)
    package static let events = Resource(group: "events.k8s.io", version: "v1", plural: "events", namespaced: true)
    package static let horizontalPodAutoscalers = Resource(
        group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers", namespaced: true)
    package static let endpointSlices = Resource(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", namespaced: true)
    package static let leases = Resource(group: "coordination.k8s.io", version: "v1", plural: "leases", namespaced: true)
    package static let customResourceDefinitions = Resource(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions", namespaced: false)
    package static let costGuards = Resource(group: "costguard.dev", version: "v1alpha1", plural: "costguards", namespaced: false)
}
