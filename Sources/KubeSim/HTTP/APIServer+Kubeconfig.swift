import Foundation

extension APIServer {
    /// A kubeconfig that points kubectl (or any client) at this server: one context, `sim`, with
    /// no credentials, as KubeSim asks for none. Only for plain HTTP: a TLS server's clients
    /// need its CA, which the caller holds.
    package var kubeconfig: String {
        """
        apiVersion: v1
        kind: Config
        current-context: sim
        clusters: [{name: sim, cluster: {server: "\(url)"}}]
        users: [{name: sim, user: {}}]
        contexts: [{name: sim, context: {cluster: sim, user: sim}}]

        """
    }

    /// Writes `kubeconfig` to `path` and returns the path.
    @discardableResult
    package func writeKubeconfig(to path: String) throws -> String {
        try kubeconfig.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
