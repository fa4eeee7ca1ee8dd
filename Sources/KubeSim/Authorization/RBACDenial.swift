import KubeModel

/// A request KubeSim answered 403 because RBAC is on and no rule bound to its user allows it.
package struct RBACDenial: Sendable, Hashable, CustomStringConvertible {
    package var user: String
    package var request: ResourceAttributes
    /// The Status message the client got.
    package var message: String

    package var description: String { message }
}

extension APIFailure {
    /// 403 as the real server writes it: the Status names the group, the resource (as `kind`) and
    /// the object, and the message says who cannot do what, where.
    static func forbidden(_ request: ResourceAttributes, user: String, reason: String) -> APIFailure {
        let qualified = request.group.isEmpty ? request.resource : "\(request.resource).\(request.group)"
        let scope = request.namespace.flatMap { $0.isEmpty ? nil : $0 }.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        var why = "User \"\(user)\" cannot \(request.verb) resource \"\(request.combinedResource)\" in API group \"\(request.group)\" \(scope)"
        if !reason.isEmpty { why += ": \(reason)" }
        let name = request.name ?? ""
        let subject = name.isEmpty ? qualified : "\(qualified) \"\(name)\""
        return APIFailure(code: 403, reason: "Forbidden", message: "\(subject) is forbidden: \(why)",
                          details: StatusDetails(name: name.isEmpty ? nil : name, group: request.group.isEmpty ? nil : request.group,
                                                                 kind: request.resource))
    }

    static let unauthorized = APIFailure(code: 401, reason: "Unauthorized", message: "Unauthorized")
}
