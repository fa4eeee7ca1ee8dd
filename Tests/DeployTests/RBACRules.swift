import Foundation
import KubeSim
import Yams

/// The operator's RBAC as the API server's authorizer evaluates it: the rules of a ClusterRole
/// (bound with a ClusterRoleBinding, so they hold in every namespace and for cluster-scoped
/// resources) and, optionally, of a Role (bound with a RoleBinding in its own namespace, so they
/// hold only there).
///
///     let rbac = try RBACRules.load(clusterRole: Repo.path("deploy/base/clusterrole.yaml"),
///                                   role: Repo.path("deploy/base/role.yaml"))
///     rbac.allows(verb: "patch", group: "costguard.dev", resource: "costguards", subresource: "status")
///     rbac.allows(verb: "get", group: "coordination.k8s.io", resource: "leases",
///                 namespace: "costguard-system", name: "costguard-operator")
///     rbac.allows(RBACRules.Request(recorded))        // a KubeSim RecordedRequest
///     rbac.denied(requests)                           // the requests no rule allows
///     rbac.unusedRules(given: requests)               // rules that allowed none of them
///     rbac.unusedPermissions(given: requests)         // each (verb, resource) of a rule that none used
///
/// Matching is KubeSim's `PolicyRule` (the one its RBAC enforcement uses), which follows
/// Kubernetes' RBAC authorizer (rbac/v1 `RuleAllows`): a rule allows a request when
/// its verbs hold the verb or `*`, its apiGroups the group or `*`, its resources `resource`,
/// `resource/subresource`, `*` or `*/subresource`, and its resourceNames (when it has any) the
/// request's name; a request without a name (list, watch, create) never matches a rule that names
/// objects. `nonResourceURLs` rules never match a resource request.
struct RBACRules: Sendable {
    /// One entry of a `rules` list, with where it came from.
    struct Rule: Sendable, Hashable, CustomStringConvertible {
        var apiGroups: [String]
        var resources: [String]
        var resourceNames: [String]
        var verbs: [String]
        var nonResourceURLs: [String]
        /// nil for a ClusterRole's rule (cluster-wide); a Role's namespace otherwise.
        var namespace: String?
        /// "ClusterRole costguard-operator" or "Role costguard-system/costguard-operator".
        var source: String
        /// The line of the rule in its file (1-based; 0 when parsed without marks).
        var line: Int
        /// The comment lines directly above the rule, without their `#`, joined with newlines.
        var comment: String

        init(apiGroups: [String], resources: [String], resourceNames: [String] = [], verbs: [String],
             nonResourceURLs: [String] = [], namespace: String? = nil, source: String = "test", line: Int = 0,
             comment: String = "") {
            self.apiGroups = apiGroups
            self.resources = resources
            self.resourceNames = resourceNames
            self.verbs = verbs
            self.nonResourceURLs = nonResourceURLs
            self.namespace = namespace
            self.source = source
            self.line = line
            self.comment = comment
        }

        /// The rule as KubeSim's authorizer matches it.
        var policyRule: PolicyRule {
            PolicyRule(apiGroups: apiGroups, resources: resources, resourceNames: resourceNames, verbs: verbs,
                       nonResourceURLs: nonResourceURLs)
        }

        /// KubeSim's `PolicyRule.allows` (rbac/v1 `RuleAllows`), and a Role's rule only in its namespace.
        func allows(_ request: Request) -> Bool {
            if let namespace, request.namespace != namespace { return false }
            return policyRule.allows(request)
        }

        static func resource(_ ruleResource: String, matches request: Request) -> Bool {
            PolicyRule.resource(ruleResource, matches: request)
        }

        /// Whether any field uses `*`.
        var hasWildcard: Bool {
            (apiGroups + resources + resourceNames + verbs + nonResourceURLs).contains { $0.contains("*") }
        }

        var description: String {
            let groups = apiGroups.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ",")
            let names = resourceNames.isEmpty ? "" : " names=\(resourceNames.joined(separator: ","))"
            let scope = namespace.map { " in \($0)" } ?? ""
            return "\(source) line \(line): [\(groups)] \(resources.joined(separator: ","))\(names) \(verbs.joined(separator: ","))\(scope)"
        }
    }

    /// A request as the authorizer sees it: KubeSim's.
    typealias Request = ResourceAttributes

    /// One verb on one resource, as granted by one rule.
    struct Permission: Sendable, Hashable, CustomStringConvertible {
        var rule: Rule
        var verb: String
        var group: String
        var resource: String

        var description: String {
            "\(verb) \(group.isEmpty ? "core" : group)/\(resource) (\(rule.source) line \(rule.line))"
        }
    }

    struct LoadError: Error, CustomStringConvertible {
        var file: String
        var message: String
        var description: String { "\(file): \(message)" }
    }

    var rules: [Rule]

    init(rules: [Rule]) {
        self.rules = rules
    }

    // MARK: Loading

    /// The rules of the ClusterRole in `clusterRole` and, if given, of the Role in `role`.
    static func load(clusterRole: String, role: String? = nil) throws -> RBACRules {
        var rules = try parse(kind: "ClusterRole", text: read(clusterRole), file: clusterRole)
        if let role { rules += try parse(kind: "Role", text: read(role), file: role) }
        return RBACRules(rules: rules)
    }

    /// The same from YAML text (a file holding exactly one ClusterRole, and one holding one Role).
    static func parse(clusterRole: String, role: String? = nil) throws -> RBACRules {
        var rules = try parse(kind: "ClusterRole", text: clusterRole, file: "<ClusterRole>")
        if let role { rules += try parse(kind: "Role", text: role, file: "<Role>") }
        return RBACRules(rules: rules)
    }

    private static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadError(file: path, message: "cannot read: \(error)")
        }
    }

    private static func parse(kind: String, text: String, file: String) throws -> [Rule] {
        let documents: [Node]
        do {
            documents = try Array(Yams.compose_all(yaml: text))
        } catch {
            throw LoadError(file: file, message: "not valid YAML: \(error)")
        }
        let matching = documents.filter { $0["kind"]?.string == kind }
        guard matching.count == 1, let document = matching.first else {
            throw LoadError(file: file, message: "holds \(matching.count) objects of kind \(kind); expected one")
        }
        guard document["apiVersion"]?.string == "rbac.authorization.k8s.io/v1" else {
            throw LoadError(file: file, message: "apiVersion must be rbac.authorization.k8s.io/v1")
        }
        guard let name = document["metadata"]?["name"]?.string, !name.isEmpty else {
            throw LoadError(file: file, message: "the \(kind) has no metadata.name")
        }
        var namespace: String?
        if kind == "Role" {
            guard let roleNamespace = document["metadata"]?["namespace"]?.string, !roleNamespace.isEmpty else {
                throw LoadError(file: file, message: "the Role \(name) has no metadata.namespace")
            }
            namespace = roleNamespace
        }
        let source = namespace.map { "\(kind) \($0)/\(name)" } ?? "\(kind) \(name)"
        guard let list = document["rules"]?.sequence else {
            throw LoadError(file: file, message: "the \(kind) \(name) has no rules list")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var rules: [Rule] = []
        for (index, node) in list.enumerated() {
            let line = node.mark?.line ?? 0
            func strings(_ key: String, required: Bool) throws -> [String] {
                guard let value = node[key] else {
                    if required { throw LoadError(file: file, message: "line \(line): rule \(index) has no \(key)") }
                    return []
                }
                guard let sequence = value.sequence else {
                    throw LoadError(file: file, message: "line \(line): rule \(index): \(key) must be a list")
                }
                return try sequence.map { element in
                    guard case .scalar(let scalar) = element else {
                        throw LoadError(file: file, message: "line \(line): rule \(index): \(key) must be a list of strings")
                    }
                    return scalar.string
                }
            }
            let nonResourceURLs = try strings("nonResourceURLs", required: false)
            let rule = Rule(apiGroups: try strings("apiGroups", required: nonResourceURLs.isEmpty),
                            resources: try strings("resources", required: nonResourceURLs.isEmpty),
                            resourceNames: try strings("resourceNames", required: false),
                            verbs: try strings("verbs", required: true),
                            nonResourceURLs: nonResourceURLs, namespace: namespace, source: source, line: line,
                            comment: commentAbove(line: line, in: lines))
            if rule.verbs.isEmpty { throw LoadError(file: file, message: "line \(line): rule \(index) has no verbs") }
            rules.append(rule)
        }
        return rules
    }

    /// The run of comment lines right above `line` (1-based), stopping at anything else.
    private static func commentAbove(line: Int, in lines: [String]) -> String {
        var collected: [String] = []
        var index = line - 2
        while index >= 0 {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { break }
            collected.insert(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces), at: 0)
            index -= 1
        }
        return collected.joined(separator: "\n")
    }

    // MARK: Questions

    /// Whether some rule allows the request. `namespace` is the request's namespace (nil for a
    /// cluster-scoped resource or an all-namespaces list/watch); `name` the object's name (nil for
    /// list, watch, create and deletecollection).
    func allows(verb: String, group: String, resource: String, subresource: String? = nil,
                namespace: String? = nil, name: String? = nil) -> Bool {
        allows(Request(verb: verb, group: group, resource: resource, subresource: subresource, namespace: namespace, name: name))
    }

    func allows(_ request: Request) -> Bool {
        rules.contains { $0.allows(request) }
    }

    /// The rules that allow the request.
    func rules(allowing request: Request) -> [Rule] {
        rules.filter { $0.allows(request) }
    }

    /// The requests that no rule allows, each once, in first-seen order.
    func denied(_ requests: some Sequence<Request>) -> [Request] {
        var seen = Set<Request>()
        return requests.filter { !allows($0) && seen.insert($0).inserted }
    }

    /// The rules that allowed none of `requests`: a candidate to remove.
    func unusedRules(given requests: some Sequence<Request>) -> [Rule] {
        let requests = Array(requests)
        return rules.filter { rule in !requests.contains { rule.allows($0) } }
    }

    /// Each verb on each resource a rule grants that none of `requests` used: finer than
    /// `unusedRules` (a rule used for `list` whose `patch` was never needed shows up here).
    func unusedPermissions(given requests: some Sequence<Request>) -> [Permission] {
        let requests = Array(requests)
        var unused: [Permission] = []
        for rule in rules {
            for group in rule.apiGroups {
                for resource in rule.resources {
                    for verb in rule.verbs {
                        let used = requests.contains { request in
                            rule.allows(request) && (verb == "*" || request.verb == verb)
                                && (group == "*" || request.group == group)
                                && Rule.resource(resource, matches: request)
                        }
                        if !used { unused.append(Permission(rule: rule, verb: verb, group: group, resource: resource)) }
                    }
                }
            }
        }
        return unused
    }
}
