import CommandSupport
import KubeClient

/// How a command reaches the cluster: --kubeconfig, else KUBECONFIG or ~/.kube/config, else the
/// in-cluster service account (kubectl's order). Returns the configuration and its namespace.
enum ClusterConnection {
    static func resolve(kubeconfig: String?, context: String?, environment: [String: String]) throws -> (ClientConfiguration, String?) {
        if let path = kubeconfig ?? KubeConfig.defaultPath(environment: environment) {
            do {
                let config = try KubeConfig.load(path: path, context: context)
                return (config.configuration, config.namespace)
            } catch {
                throw CommandFailure("\(path): \(error)")
            }
        }
        do {
            let config = try InClusterConfig.load(environment: environment)
            return (config.configuration, config.namespace)
        } catch {
            throw CommandFailure("no kubeconfig (--kubeconfig, KUBECONFIG or ~/.kube/config) and not in a cluster: \(error)")
        }
    }
}
