import KubeModel

/// What a resource request asks for, as Kubernetes' authorizer sees it (its `Attributes`): a verb
/// on a resource (and subresource) of an API group, in a namespace or at the cluster scope, on a
/// named object or on the collection.
package struct ResourceAttributes: Sendable, Hashable, CustomStringConvertible {
    package var verb: String
    package var group: String
    package var resource: String
    package var subresource: String?
    /// nil or empty: cluster-scoped, or a list/watch across all namespaces.
    package var namespace: String?
    /// nil or empty: list, watch, create, deletecollection.
    package var name: String?

    package init(verb: String, group: String, resource: String, subresource: String? = nil, namespace: String? = nil,
                name: String? = nil) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// The request KubeSim recorded.
    package init(_ recorded: RecordedRequest) {
        self.init(verb: recorded.verb, group: recorded.group, resource: recorded.resource, subresource: recorded.subresource,
                  namespace: recorded.namespace, name: recorded.name)
    }

    /// `resource/subresource`, or `resource` alone.
    /// `patch autoscaling/horizontalpodautoscalers -n shop web`.
    package var description: String {
        let target = [group.isEmpty ? "core" : group, subresource.map { "\(resource)/\($0)" } ?? resource].joined(separator: "/")
        return "\(verb) \(target)" + (namespace.map { " -n \($0)" } ?? "") + (name.map { " \($0)" } ?? "")
    }

    package var combinedResource: String {
        guard let subresource, !subresource.isEmpty else { return resource }
        return "\(resource)/\(subresource)"
    }
}

/// One entry of a Role's or ClusterRole's `rules`, matched as rbac/v1's `RuleAllows` does: its
/// verbs hold the verb or `*`; its apiGroups the group or `*`; its resources `*`, the combined
/// `resource/subresource` (just `resource` without one) or `*/subresource`; and, when it names
/// objects, the request's name is one of them (so a request without a name never matches such a
/// rule). A `nonResourceURLs` rule has no resources and so never matches a resource request.
package struct PolicyRule: Sendable, Hashable {
    package var apiGroups: [String]
    package var resources: [String]
    package var resourceNames: [String]
    package var verbs: [String]
    package var nonResourceURLs: [String]

    package init(apiGroups: [String], resources: [String], resourceNames: [String] = [], verbs: [String],
                nonResourceURLs: [String] = []) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.verbs = verbs
        self.nonResourceURLs = nonResourceURLs
    }

    /// A rule as stored (`{"apiGroups": [...], "resources": [...], ...}`); missing lists are empty.
    package init(_ json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(apiGroups: strings("apiGroups"), resources: strings("resources"), resourceNames: strings("resourceNames"),
                  verbs: strings("verbs"), nonResourceURLs: strings("nonResourceURLs"))
    }

    package func allows(_ request: ResourceAttributes) -> Bool {
        verbs.contains { $0 == "*" || $0 == request.verb }
            && apiGroups.contains { $0 == "*" || $0 == request.group }
            && resources.contains { Self.resource($0, matches: request) }
            && nameMatches(request.name)
    }

    /// Whether one entry of `resources` covers the request's resource and subresource.
    package static func resource(_ ruleResource: String, matches request: ResourceAttributes) -> Bool {
        if ruleResource == "*" || ruleResource == request.combinedResource { return true }
        guard let subresource = request.subresource, !subresource.isEmpty else { return false }
        return ruleResource == "*/\(subresource)"
    }

    func nameMatches(_ name: String?) -> Bool {
        if resourceNames.isEmpty { return true }
        guard let name, !name.isEmpty else { return false }
        return resourceNames.contains(name)
    }
}
