import KubeClient
import ServiceLifecycle

/// The Lease campaign as a Service. On graceful shutdown it is cancelled after the reconcile
/// loop has finished (services stop in reverse order), and the elector releases the Lease on
/// cancellation so a standby takes over at once.
public struct LeaderElectionService: Service {
    public let elector: LeaderElector

    public init(elector: LeaderElector) { self.elector = elector }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await elector.run()
        }
    }
}
