/// One request as RBAC sees it: verb, API group, resource, namespace, subresource, name;
/// whether it carried credentials, and the client's User-Agent (which process sent it).
package struct RecordedRequest: Sendable, Hashable {
    /// get, list, watch, create, update, patch, delete.
    package var verb: String
    package var group: String
    package var resource: String
    package var namespace: String?
    package var subresource: String?
    package var name: String?
    /// Whether an `Authorization` header came with it. Only its presence is kept, so a
    /// token never lands in the log.
    package var hasAuthorization: Bool
    package var userAgent: String?

    package init(verb: String, group: String, resource: String, namespace: String?, subresource: String?, name: String?,
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
