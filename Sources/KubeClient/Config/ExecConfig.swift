/// A kubeconfig `users[].user.exec` credential plugin (client.authentication.k8s.io/v1).
package struct ExecConfig: Sendable, Hashable {
    package var command: String
    package var args: [String]
    package var env: [String: String]
    package var apiVersion: String
    /// The kubeconfig's `installHint`: what to tell a user whose machine lacks the plugin.
    package var installHint: String?

    package init(command: String, args: [String] = [], env: [String: String] = [:],
                apiVersion: String = "client.authentication.k8s.io/v1") {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
    }
}
