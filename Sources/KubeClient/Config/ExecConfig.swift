/// A kubeconfig `users[].user.exec` credential plugin (client.authentication.k8s.io/v1).
public struct ExecConfig: Sendable, Hashable {
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var apiVersion: String
    /// The kubeconfig's `installHint`: what to tell a user whose machine lacks the plugin.
    package var installHint: String?

    public init(command: String, args: [String] = [], env: [String: String] = [:],
                apiVersion: String = "client.authentication.k8s.io/v1") {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
    }
}
