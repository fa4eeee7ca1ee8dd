import KubeModel

/// Kubernetes' RBAC authorizer over the Roles, ClusterRoles and bindings KubeSim stores. A
/// request is allowed when a rule allows it of a role bound to the user: a ClusterRole by a
/// ClusterRoleBinding (everywhere), or a Role or ClusterRole by a RoleBinding in the request's
/// namespace (only there; a cluster-scoped request or an all-namespaces list sees no
/// RoleBinding). A subject applies to the user when it is that User, a Group the user is in, or
/// that ServiceAccount (its namespace, or the RoleBinding's when it names none). Nothing denies:
/// a request no rule allows gets no opinion, which the server answers with 403.
struct RBACAuthorizer {
    /// The stored objects by kind: name (or namespace/name) to object.
    var clusterRoles: [String: JSONValue]
    var clusterRoleBindings: [String: JSONValue]
    var roles: [String: JSONValue]
    var roleBindings: [String: JSONValue]

    enum Decision: Equatable {
        case allow
        /// No rule allows it; `reason` is what went wrong on the way (a binding's role missing), or empty.
        case noOpinion(reason: String)
    }

    func authorize(_ user: RBACUser, _ request: ResourceAttributes) -> Decision {
        var errors: [String] = []
        for binding in clusterRoleBindings.values where applies(binding, to: user, bindingNamespace: nil) {
            switch rules(of: binding, bindingNamespace: nil) {
            case .success(let rules): if rules.contains(where: { $0.allows(request) }) { return .allow }
            case .failure(let missing): errors.append(missing.message)
            }
        }
        if let namespace = request.namespace, !namespace.isEmpty {
            for binding in roleBindings.values
            where binding.value(atPath: "metadata.namespace")?.stringValue == namespace
                && applies(binding, to: user, bindingNamespace: namespace) {
                switch rules(of: binding, bindingNamespace: namespace) {
                case .success(let rules): if rules.contains(where: { $0.allows(request) }) { return .allow }
                case .failure(let missing): errors.append(missing.message)
                }
            }
        }
        // As an aggregate of errors prints: one alone, several (each once) in brackets.
        var seen = Set<String>()
        let distinct = errors.sorted().filter { seen.insert($0).inserted }
        switch distinct.count {
        case 0: return .noOpinion(reason: "")
        case 1: return .noOpinion(reason: "RBAC: \(distinct[0])")
        default: return .noOpinion(reason: "RBAC: [\(distinct.joined(separator: ", "))]")
        }
    }

    func applies(_ binding: JSONValue, to user: RBACUser, bindingNamespace: String?) -> Bool {
        let subjects = binding["subjects"]?.arrayValue ?? []
        return subjects.contains { subject in
            let name = subject["name"]?.stringValue ?? ""
            switch subject["kind"]?.stringValue {
            case "User": return user.name == name
            case "Group": return user.groups.contains(name)
            case "ServiceAccount":
                let namespace = subject["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? bindingNamespace
                guard let namespace, !name.isEmpty else { return false }
                return user.name == "system:serviceaccount:\(namespace):\(name)"
            default: return false
            }
        }
    }

    struct MissingRole: Error { var message: String }

    /// The rules of the role a binding refers to.
    func rules(of binding: JSONValue, bindingNamespace: String?) -> Result<[PolicyRule], MissingRole> {
        let name = binding.value(atPath: "roleRef.name")?.stringValue ?? ""
        let role: JSONValue?
        switch binding.value(atPath: "roleRef.kind")?.stringValue {
        case "ClusterRole":
            role = clusterRoles[name]
            if role == nil { return .failure(MissingRole(message: "clusterrole.rbac.authorization.k8s.io \"\(name)\" not found")) }
        case "Role":
            // Only a RoleBinding can refer to a Role, of its own namespace.
            role = bindingNamespace.flatMap { roles["\($0)/\(name)"] }
            if role == nil { return .failure(MissingRole(message: "role.rbac.authorization.k8s.io \"\(name)\" not found")) }
        case let kind:
            return .failure(MissingRole(message: "unsupported role reference kind: \"\(kind ?? "")\""))
        }
        return .success((role?["rules"]?.arrayValue ?? []).map(PolicyRule.init))
    }
}
