/// Who a bearer token stands for: a user name and the groups the authenticator adds.
/// A ServiceAccount's user (`system:serviceaccount:<namespace>:<name>`) is in
/// `system:serviceaccounts` and `system:serviceaccounts:<namespace>`, as a real token
/// authenticator puts it; every user is in `system:authenticated`.
package struct RBACUser: Sendable, Hashable, CustomStringConvertible {
    package var name: String
    /// The groups as given; `groups` adds the ones every authenticated user or ServiceAccount has.
    package var extraGroups: [String]

    package init(name: String, groups: [String] = []) {
        self.name = name
        self.extraGroups = groups
    }

    /// The user a ServiceAccount's token authenticates as.
    package static func serviceAccount(namespace: String, name: String) -> RBACUser {
        RBACUser(name: "system:serviceaccount:\(namespace):\(name)")
    }

    /// The namespace and name when this is a ServiceAccount's user.
    package var serviceAccount: (namespace: String, name: String)? {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty, !parts[3].isEmpty
        else { return nil }
        return (String(parts[2]), String(parts[3]))
    }

    package var groups: [String] {
        var groups = extraGroups
        if let account = serviceAccount { groups += ["system:serviceaccounts", "system:serviceaccounts:\(account.namespace)"] }
        groups.append("system:authenticated")
        var seen = Set<String>()
        return groups.filter { seen.insert($0).inserted }
    }

    package var description: String { name }
}
