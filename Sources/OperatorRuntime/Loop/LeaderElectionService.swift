import KubeClient
import ServiceLifecycle

/// The Lease campaign as a Service. On graceful shutdown it is cancelled after the reconcile
/// loop has finished (services stop in reverse order), and the elector releases the Lease on
/// cancellation so a standby takes over at once.
package struct LeaderElectionService: Service {
    package let elector: LeaderElector
    /// Called with every change of leadership (true on acquiring it).
    package let onChange: @Sendable (Bool) -> Void

    package init(elector: LeaderElector, onChange: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.elector = elector
        self.onChange = onChange
    }

    package func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [elector, onChange] in
                    for await leading in elector.leadershipChanges() { onChange(leading) }
                }
                try await elector.run()
                group.cancelAll()
            }
        }
    }
}
