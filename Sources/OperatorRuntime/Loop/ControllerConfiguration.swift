import KubeClient

/// How the reconcile loop runs.
package struct ControllerConfiguration: Sendable {
    /// This instance's name in Events and the Lease (the pod name in a cluster).
    package var identity: String
    /// Where Events about the (cluster-scoped) CostGuards go.
    package var eventNamespace: String
    package var watch: WatcherConfiguration
    /// How often the enforcer looks again with nothing queued (each guard has its own interval).
    package var idleInterval: Double
    /// How a failed reconcile is retried (a guard's, or the enforcer's after an error or a 409).
    var backoff = WorkQueue.Backoff()

    package init(identity: String, eventNamespace: String = "default", watch: WatcherConfiguration = WatcherConfiguration(),
                idleInterval: Double = 15) {
        self.identity = identity
        self.eventNamespace = eventNamespace
        self.watch = watch
        self.idleInterval = idleInterval
    }
}
