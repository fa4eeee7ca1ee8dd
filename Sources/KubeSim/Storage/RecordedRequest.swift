/// One request as RBAC sees it: verb, API group, resource, namespace, subresource, name;
/// whether it carried credentials, and the client's User-Agent (which process sent it).
public struct RecordedRequest: Sendable, Hashable {
    /// get, list, watch, create, update, patch, delete.
    public var verb: String
    public var group: String
    public var resource: String
    public var namespace: String?
    public var subresource: String?
    public var name: String?
    /// Whether an `Authorization` header came with it. Only its presence is kept, so a
    /// token never lands in the log.
    public var hasAuthorization: Bool
    public var userAgent: String?

    public init(verb: String, group: String, resource: String, namespace: String?, subresource: String?, name: String?,
                hasAuthorization: Bool = false, userAgent: String? = nil) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.namespace = namespace
        self.subresource = subresource
        self.name = name
        self.hasAuthorization = hasAuthorization
        self.userAgent = userAgent
    }
}
