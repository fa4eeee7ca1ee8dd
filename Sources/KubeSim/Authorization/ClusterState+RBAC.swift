import Foundation
import KubeModel

/// RBAC, when a test asks for it. Off by default: every request is served. On, a resource
/// request with `Authorization: Bearer <token>` for a known token is authorized as its user
/// against the Roles, ClusterRoles and bindings stored here (what `kubectl apply` put there),
/// and answered 403 when nothing allows it; an unknown token gets 401. A request without an
/// Authorization header is the test's admin and is still served. Discovery and other
/// non-resource paths are never restricted.
///
///     cluster.enableRBAC(tokens: ["operator-token": "system:serviceaccount:costguard-system:costguard"])
///     ... run the operator with that bearer token ...
///     #expect(cluster.rbacDenials.isEmpty)
extension ClusterState {
    /// Turns RBAC on: each token authenticates as its user.
    package func enableRBAC(users: [String: RBACUser]) {
        state.withLock { $0.rbacUsers = users }
    }

    /// Turns RBAC on: each token authenticates as the user named (a ServiceAccount's user is in
    /// its groups, every user in `system:authenticated`).
    package func enableRBAC(tokens: [String: String]) {
        enableRBAC(users: tokens.mapValues { RBACUser(name: $0) })
    }

    package func disableRBAC() {
        state.withLock { $0.rbacUsers = nil }
    }

    package var rbacEnabled: Bool { state.withLock { $0.rbacUsers != nil } }

    /// Every request answered 403, in order.
    package var rbacDenials: [RBACDenial] { state.withLock { $0.rbacDenials } }

    package func clearRBACDenials() { state.withLock { $0.rbacDenials = [] } }

    /// Whether the stored roles and bindings allow `user` the request (`kubectl auth can-i --as`),
    /// whether or not RBAC is on.
    package func rbacAllows(_ user: RBACUser, _ request: ResourceAttributes) -> Bool {
        authorizer().authorize(user, request) == .allow
    }

    /// Throws 401 or 403 when RBAC is on and the request's bearer token is unknown or its user may
    /// not make it; a denial is recorded.
    func authorize(authorization: String?, _ request: ResourceAttributes?) throws {
        guard let request, let authorization, let users = state.withLock({ $0.rbacUsers }) else { return }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let user = users[parts[1].trimmingCharacters(in: .whitespaces)] else { throw APIFailure.unauthorized }
        guard case .noOpinion(let reason) = authorizer().authorize(user, request) else { return }
        let failure = APIFailure.forbidden(request, user: user.name, reason: reason)
        state.withLock { $0.rbacDenials.append(RBACDenial(user: user.name, request: request, message: failure.status.message ?? "")) }
        throw failure
    }

    func authorizer() -> RBACAuthorizer {
        state.withLock { state in
            func stored(_ plural: String) -> [String: JSONValue] {
                (state.objects[ResourceKey(group: "rbac.authorization.k8s.io", plural: plural)] ?? [:]).mapValues(\.value)
            }
            return RBACAuthorizer(clusterRoles: stored("clusterroles"), clusterRoleBindings: stored("clusterrolebindings"),
                                  roles: stored("roles"), roleBindings: stored("rolebindings"))
        }
    }
}
