import Foundation
import KubeClient
import KubeModel
import Logging
import ServiceLifecycle
import Synchronization

/// The reconcile loop as a Service, controller-runtime style: it fills the caches (list, then
/// watch) and then works a keyed queue. Each CostGuard is its own key, reconciled when its
/// object changes and when its `signals.interval` is due: evaluate, write its status, record
/// Events. The objects several guards share (HPAs, deny sets, rate limits, node limits) are one
/// more key, the enforcer, queued whenever a guard decided again: it merges every guard's
/// claims and converges those objects. A key that fails is retried with exponential backoff.
/// One worker, so at most one reconcile is ever in flight. Only the leader writes; a standby
/// keeps evaluating so its classifiers are warm when it takes over.
package final class GuardController: Service, Sendable {
    package let cache: ClusterCache
    let client: Client
    let configuration: ControllerConfiguration
    let clock: any OperatorClock
    let isLeader: @Sendable () -> Bool
    let logger: Logger
    let events: EventRecorder
    let observer: ControllerObserver
    let queue: ReconcileQueue
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
        let queue = ReconcileQueue(backoff: configuration.backoff)
        self.queue = queue
        cache = ClusterCache(guardChanged: { name in queue.add(.guardNamed(name)) }, staleAfter: configuration.watch.staleAfter)
        events = EventRecorder(client: client, instance: configuration.identity, namespace: configuration.eventNamespace,
                               logger: logger)
    }

    /// Runs until cancelled or, on graceful shutdown, until the reconcile in flight has finished.
    package func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.cache.run(client: self.client, watch: self.configuration.watch) }
                // Polled rather than awaited, so a shutdown before the first list (API server
                // unreachable) still ends the service.
                while !self.cache.isSynced, !self.stopping.load(ordering: .relaxed), !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                // The first list queued every guard; the enforcer looks at what is left over.
                self.queue.add(.enforcer)
                var state = LoopState()
                await self.work(&state)
                for runtime in state.runtimes.values { await runtime.shutdown() }
                // The watches end with their task.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// The worker: reconciles each key as it comes due. What it did from waking until nothing
    /// was due goes to the observer as one report.
    private func work(_ state: inout LoopState) async {
        var report: CycleReport?
        var started = ContinuousClock.now
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            let now = clock.now()
            if let key = queue.next(now: now) {
                if report == nil {
                    report = CycleReport(at: now, leader: isLeader(), evaluated: [], hpaWrites: [], statusWrites: 0, events: 0, failures: [])
                    started = ContinuousClock.now
                }
                let outcome = await reconcile(key, state: &state, now: now, report: &report!)
                report!.reconciles.append(.init(kind: key == .enforcer ? "enforcer" : "guard", retried: outcome.failed))
                queue.done(key, outcome, now: clock.now())
                if case .guardNamed(let name) = key, state.guardObjects[name] == nil, cache.guards.get(name) == nil { queue.forget(key) }
                continue
            }
            if var done = report {
                for failure in done.failures { logger.warning("reconcile", metadata: ["failure": "\(failure)"]) }
                done.duration = ContinuousClock.now - started
                observer.onCycle(done)
                report = nil
            }
            await queue.wait(until: queue.nextDue ?? now.addingTimeInterval(configuration.idleInterval), clock: clock)
        }
    }

    private func reconcile(_ key: ReconcileKey, state: inout LoopState, now: Date, report: inout CycleReport) async -> WorkQueue.Outcome {
        switch key {
        case .guardNamed(let name):
            let failures = report.failures.count
            let next = await reconcileGuard(name, state: &state, now: now, report: &report)
            return report.failures.count > failures ? .failed(next: next) : .succeeded(next: next)
        case .enforcer:
            return await reconcileEnforcer(state: &state, now: now, report: &report)
        }
    }

    /// Asks the loop to end after the reconcile in flight.
    package func stop() {
        stopping.store(true, ordering: .relaxed)
        queue.interrupt()
    }

    package var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Reconciles every guard and the enforcer now rather than when due: on gaining leadership,
    /// so a new leader acts at once.
    package func wakeUp() {
        for name in cache.guards.keys { queue.add(.guardNamed(name)) }
        queue.add(.enforcer)
    }
}

/// What the loop keeps between reconciles.
struct LoopState: Sendable {
    var runtimes: [String: GuardRuntime] = [:]
    /// Each guard as last read, by name, with the resourceVersion it was read at.
    var guardObjects: [String: GuardObject] = [:]
    /// Guards whose finalizer is on: only they may change an HPA, so that deleting a guard
    /// always waits for what it changed to be put back.
    var finalized: Set<String> = []
    /// Fields of each guard's status that did not decode when it last evaluated.
    var statusProblems: [String: [String]] = [:]
    /// Guards whose spec is invalid, by the generation reported (so it is reported once).
    var invalidReported: [String: Int64] = [:]
    /// Guards last reconciled while this instance led: one found newly leading acts on its
    /// latest evaluation at once.
    var ledGuards: Set<String> = []
    var enforcer = EnforcerState()
}

/// What the enforcer keeps between its reconciles.
struct EnforcerState: Sendable {
    /// A guard decided again, went away or is being deleted since the enforcer last converged.
    var dirty = true
    var led = false
    /// Per guard, what converging the shared objects came to, for its status.
    var outcomes: [String: StatusBuilder.Enforcement] = [:]
    /// Guards whose outcome changed since their status was last built.
    var outcomeChanged: Set<String> = []
    var externalObjects = ExternalObjectsState()
    /// Whether an HPA named a guard that no longer exists, at an HPA change count and guard set.
    var orphanCheck: (hpaChanges: Int, guards: Set<String>, orphaned: Bool)?
    /// HPAs found converged, so the next reconcile need not work each one out again.
    var convergences = ConvergenceMemo()
}
