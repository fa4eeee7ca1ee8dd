import KubeModel

/// What a resource request asks for, as Kubernetes' authorizer sees it (its `Attributes`): a verb
/// on a resource (and subresource) of an API group, in a namespace or at the cluster scope, on a
/// named object or on the collection.
public struct ResourceAttributes: Sendable, Hashable, CustomStringConvertible {
    public var verb: String
    public var group: String
    public var resource: String
    public var subresource: String?
    /// nil or empty: cluster-scoped, or a list/watch across all namespaces.
    public var namespace: String?
    /// nil or empty: list, watch, create, deletecollection.
    public var name: String?

    public init(verb: String, group: String, resource: String, subresource: String? = nil, namespace: String? = nil,
                name: String? = nil) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// The request KubeSim recorded.
    public init(_ recorded: RecordedRequest) {
        self.init(verb: recorded.verb, group: recorded.group, resource: recorded.resource, subresource: recorded.subresource,
                  namespace: recorded.namespace, name: recorded.name)
    }

    /// `resource/subresource`, or `resource` alone.
    /// `patch autoscaling/horizontalpodautoscalers -n shop web`.
    public var description: String {
        let target = [group.isEmpty ? "core" : group, subresource.map { "\(resource)/\($0)" } ?? resource].joined(separator: "/")
        return "\(verb) \(target)" + (namespace.map { " -n \($0)" } ?? "") + (name.map { " \($0)" } ?? "")
    }

    public var combinedResource: String {
        guard let subresource, !subresource.isEmpty else { return resource }
        return "\(resource)/\(subresource)"
    }
}

/// One entry of a Role's or ClusterRole's `rules`, matched as rbac/v1's `RuleAllows` does: its
/// verbs hold the verb or `*`; its apiGroups the group or `*`; its resources `*`, the combined
/// `resource/subresource` (just `resource` without one) or `*/subresource`; and, when it names
/// objects, the request's name is one of them (so a request without a name never matches such a
/// rule). A `nonResourceURLs` rule has no resources and so never matches a resource request.
public struct PolicyRule: Sendable, Hashable {
    public var apiGroups: [String]
    public var resources: [String]
    public var resourceNames: [String]
    public var verbs: [String]
    public var nonResourceURLs: [String]

    public init(apiGroups: [String], resources: [String], resourceNames: [String] = [], verbs: [String],
                nonResourceURLs: [String] = []) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.verbs = verbs
        self.nonResourceURLs = nonResourceURLs
    }

    /// A rule as stored (`{"apiGroups": [...], "resources": [...], ...}`); missing lists are empty.
    public init(_ json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(apiGroups: strings("apiGroups"), resources: strings("resources"), resourceNames: strings("resourceNames"),
                  verbs: strings("verbs"), nonResourceURLs: strings("nonResourceURLs"))
    }

    public func allows(_ request: ResourceAttributes) -> Bool {
        verbs.contains { $0 == "*" || $0 == request.verb }
            && apiGroups.contains { $0 == "*" || $0 == request.group }
            && resources.contains { Self.resource($0, matches: request) }
            && nameMatches(request.name)
    }

    /// Whether one entry of `resources` covers the request's resource and subresource.
    public static func resource(_ ruleResource: String, matches request: ResourceAttributes) -> Bool {
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
