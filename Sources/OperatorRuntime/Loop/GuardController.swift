import Foundation
import KubeClient
import KubeModel
import Logging
import ServiceLifecycle
import Synchronization

/// The reconcile loop as a Service: it fills the caches (list, then watch), and then, level-based,
/// evaluates each CostGuard every `signals.interval`, converges the guarded HPAs to what the
/// Enforce-mode guards decided, writes each guard's status when it changed and records Events.
/// One pass at a time, so at most one reconcile per guard is ever in flight. Only the leader
/// writes; a standby keeps evaluating so its classifiers are warm when it takes over.
package final class GuardController: Service, Sendable {
    package let cache: ClusterCache
    let client: Client
    let configuration: ControllerConfiguration
    let clock: any OperatorClock
    let isLeader: @Sendable () -> Bool
    let logger: Logger
    let events: EventRecorder
    let observer: ControllerObserver
    let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)

    package init(client: Client, configuration: ControllerConfiguration, clock: any OperatorClock = SystemClock(),
                isLeader: @escaping @Sendable () -> Bool = { true }, observer: ControllerObserver = ControllerObserver(),
                logger: Logger = Logger(label: "costguard.controller")) {
        self.client = client
        self.configuration = configuration
        self.clock = clock
        self.isLeader = isLeader
        self.observer = observer
        self.logger = logger
        cache = ClusterCache(guardChanged: wake, staleAfter: configuration.watch.staleAfter)
        events = EventRecorder(client: client, instance: configuration.identity, namespace: configuration.eventNamespace,
                               logger: logger)
    }

    /// Runs until cancelled or, on graceful shutdown, until the pass in flight has finished.
    package func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.cache.run(client: self.client, watch: self.configuration.watch) }
                // Polled rather than awaited, so a shutdown before the first list (API server
                // unreachable) still ends the service.
                while !self.cache.isSynced, !self.stopping.load(ordering: .relaxed), !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                var state = LoopState()
                while !self.stopping.load(ordering: .relaxed), !Task.isCancelled {
                    await self.cycle(&state)
                    await self.sleep(until: state.nextWake(now: self.clock.now(), idle: self.configuration.idleInterval))
                }
                for runtime in state.runtimes.values { await runtime.shutdown() }
                // The watches end with their task.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Asks the loop to end after the pass in flight.
    package func stop() {
        stopping.store(true, ordering: .relaxed)
        wake.signal()
    }

    package var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Runs a pass now rather than at the next guard's due time: on gaining leadership, so a
    /// new leader acts at once.
    package func wakeUp() { wake.signal() }

    /// Sleeps until the deadline or until a CostGuard changes, whichever comes first.
    private func sleep(until deadline: Date) async {
        guard !stopping.load(ordering: .relaxed) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.clock.sleep(until: deadline) }
            group.addTask { await self.wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}

/// What the loop keeps between passes.
struct LoopState: Sendable {
    var runtimes: [String: GuardRuntime] = [:]
    /// Each guard as last read, by name, with the resourceVersion it was read at.
    var guardObjects: [String: GuardObject] = [:]
    /// Guards whose spec is invalid, by the generation reported (so it is reported once).
    var invalidReported: [String: Int64] = [:]
    var externalObjects = ExternalObjectsState()
    /// Whether this instance led in the last pass: a pass that finds it newly leading acts on
    /// every guard's latest evaluation.
    var led = false
    /// Whether an HPA named a guard that no longer exists, at an HPA change count and guard set.
    var orphanCheck: (hpaChanges: Int, guards: Set<String>, orphaned: Bool)?
    /// HPAs found converged, so the next pass need not work each one out again.
    var convergences = ConvergenceMemo()

    func nextWake(now: Date, idle: Double) -> Date {
        runtimes.values.compactMap(\.nextDue).min() ?? now.addingTimeInterval(idle)
    }
}
