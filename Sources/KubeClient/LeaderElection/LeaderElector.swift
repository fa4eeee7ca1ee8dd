import Foundation
import KubeModel
import Logging
import Synchronization

/// Leader election on a coordination.k8s.io/v1 Lease, like client-go's
/// `tools/leaderelection`: the driver of `LeaseElectionStateMachine`. It performs the
/// machine's requests (each bounded by the leader's renew deadline), sleeps its waits on
/// the injected clock and publishes leadership.
///
/// ```swift
/// let elector = LeaderElector(client: client, configuration: LeaderElectionConfiguration(
///     namespace: "costguard-system", name: "costguard-leader", identity: podName), logger: logger)
/// // in one task:  try await elector.run()          (until cancelled; releases the lease)
/// // in another:   for await leading in elector.leadershipChanges() { ... }
/// ```
///
/// Leadership is told three ways: `isLeader` (a poll), `waitForLeadership()` (one wait)
/// and `leadershipChanges()` (a stream of every change). There is no callback.
///
/// `run()` runs once at a time per elector. It does not import or know about
/// ServiceLifecycle; the operator wraps it in a `Service`.
package final class LeaderElector: Sendable {
    struct State {
        var running = false
        /// The machine's leadership, as last published: when it ends unless renewed.
        var leaderUntil: Date?
        /// The value last sent to streams and waiters.
        var announced = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var streams: [Int: AsyncStream<Bool>.Continuation] = [:]
    }

    package let configuration: LeaderElectionConfiguration
    let client: Client
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    let state = Mutex(State())

    package init(client: Client, configuration: LeaderElectionConfiguration,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.clock = clock
        self.now = now
        var logger = logger
        logger[metadataKey: "lease"] = "\(configuration.namespace)/\(configuration.name)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
    }

    /// Whether this instance leads now: it holds the lease and its renew deadline has not
    /// passed. It turns false at the deadline by itself, even if the driver is late to notice.
    package var isLeader: Bool {
        let until = state.withLock { $0.leaderUntil }
        guard let until else { return false }
        return now() < until
    }

    /// Returns once this instance leads (at once if it does). Throws `CancellationError`
    /// when its task is cancelled first. It keeps waiting while `run()` is not running.
    package func waitForLeadership() async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate = state.withLock { state -> Result<Void, any Error>? in
                    if let until = state.leaderUntil, now() < until { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Leadership as a stream: the current value first, then every change (true on
    /// acquiring, false on stepping down, losing the lease or stopping). Consecutive
    /// values differ. It ends when the consumer stops iterating (cancel its task); it does
    /// not end when `run()` returns, which publishes false. If the consumer lags, only the
    /// newest values are kept, so the last one seen is always the current state.
    package func leadershipChanges() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(8))
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.streams[state.nextID] = continuation
            continuation.yield(state.announced)
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Campaigns for and holds the lease until this task is cancelled: reads the lease
    /// every retry period while standing by, renews it every retry period while leading.
    /// Failed requests are logged and retried; they end leadership once the renew
    /// deadline passes. On cancellation it steps down and, with `releaseOnCancel`, releases
    /// the lease (a conflict-safe write that lets a standby take over at once), then
    /// returns. Throws a `KubeError` (`configuration`) for an invalid configuration or if
    /// `run()` is already running.
    package func run() async throws {
        try configuration.validate()
        try state.withLock { state in
            guard !state.running else {
                throw KubeError(code: .configuration,
                                message: "leader election for lease \(configuration.namespace)/\(configuration.name) is already running")
            }
            state.running = true
        }
        defer { state.withLock { $0.running = false } }

        var machine = LeaseElectionStateMachine(configuration: configuration)
        var action = machine.start(now: now())
        var failures = 0
        logger.debug("leader election started")
        election: while !Task.isCancelled {
            switch action {
            case .read:
                do {
                    let lease = try await bounded(machine.requestTimeout(now: now())) { [self] in
                        try await read()
                    }
                    action = machine.observed(lease, now: now())
                    failures = 0
                } catch {
                    guard let failure = logged(error, doing: "reading the lease", count: &failures) else { break election }
                    action = machine.readFailed(failure, now: now())
                }
            case .create(let lease):
                do {
                    let created = try await bounded(machine.requestTimeout(now: now())) { [self] in
                        try await client.create(.leases, namespace: configuration.namespace, body: lease,
                                                as: .codable(Lease.self))
                    }
                    action = machine.written(created, now: now())
                    failures = 0
                } catch {
                    guard let failure = logged(error, doing: "creating the lease", count: &failures) else { break election }
                    action = machine.writeFailed(failure, now: now())
                }
            case .update(let from, let to, let intent):
                do {
                    let written = try await bounded(machine.requestTimeout(now: now())) { [self] in
                        try await client.update(.leases, from: from, to: to, as: .codable(Lease.self))
                    }
                    action = machine.written(written, now: now())
                    failures = 0
                } catch {
                    guard let failure = logged(error, doing: "writing the lease (\(intent.rawValue))",
                                                count: &failures) else { break election }
                    action = machine.writeFailed(failure, now: now())
                }
            case .wait(let duration):
                do {
                    try await clock.sleep(for: duration)
                } catch {
                    break election
                }
                action = machine.waited(now: now())
            case .done:
                break election
            }
            publish(machine)
        }

        action = machine.stop(now: now())
        publish(machine)
        if case .done = action {
            logger.debug("leader election stopped")
            return
        }
        // The task is cancelled, and the HTTP client cancels requests of a cancelled task:
        // release from a task of its own, bounded by the renew deadline.
        let released = await Task { [self, machine, action] in
            var machine = machine
            var action = action
            while true {
                switch action {
                case .read:
                    do {
                        let lease = try await bounded(configuration.renewDeadline) { [self] in try await read() }
                        action = machine.observed(lease, now: now())
                    } catch {
                        action = machine.readFailed(kubeError(error, "reading the lease"), now: now())
                    }
                case .update(let from, let to, _):
                    do {
                        let written = try await bounded(configuration.renewDeadline) { [self] in
                            try await client.update(.leases, from: from, to: to, as: .codable(Lease.self))
                        }
                        _ = machine.written(written, now: now())
                        return true
                    } catch {
                        let failure = kubeError(error, "releasing the lease")
                        logger.warning("releasing the lease failed", metadata: ["error": "\(failure)"])
                        action = machine.writeFailed(failure, now: now())
                    }
                case .create, .wait, .done:
                    return false
                }
            }
        }.value
        if released {
            logger.info("released the lease")
        }
        logger.debug("leader election stopped")
    }

    // MARK: Internals

    /// GET the lease; nil when there is none.
    func read() async throws -> Lease? {
        do {
            return try await client.get(.leases, name: configuration.name, namespace: configuration.namespace,
                                        as: Lease.self)
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
    }

    /// The failure as a `KubeError`, logged; nil when the task was cancelled (stop).
    func logged(_ error: any Error, doing what: String, count: inout Int) -> KubeError? {
        if Task.isCancelled { return nil }
        let failure = kubeError(error, what)
        count += 1
        if failure.isConflict {
            logger.debug("\(what): conflict, someone else wrote it; reading it again", metadata: ["error": "\(failure)"])
        } else if count == 1 {
            logger.warning("\(what) failed", metadata: ["error": "\(failure)"])
        } else {
            logger.debug("\(what) failed again", metadata: ["error": "\(failure)", "failures": "\(count)"])
        }
        return failure
    }

    func kubeError(_ error: any Error, _ what: String) -> KubeError {
        error as? KubeError ?? KubeError(code: .transport, message: "\(what) failed", cause: error)
    }

    /// Runs `operation`, giving up after `timeout` on the injected clock.
    func bounded<Value: Sendable>(_ timeout: Duration,
                                  _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask { [clock] in
                try await clock.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw KubeError(code: .transport, message: "lease request timed out after \(timeout)")
            }
            return value
        }
    }

    /// Makes the machine's leadership visible and tells streams and waiters of a change.
    func publish(_ machine: LeaseElectionStateMachine) {
        let leading = machine.isLeader
        let (changed, waiters) = state.withLock { state -> (Bool, [CheckedContinuation<Void, any Error>]) in
            state.leaderUntil = machine.leaderUntil
            guard leading != state.announced else { return (false, []) }
            state.announced = leading
            // Yielded under the lock, so publishes reach every stream in order.
            for continuation in state.streams.values { continuation.yield(leading) }
            guard leading else { return (true, []) }
            defer { state.waiters = [:] }
            return (true, Array(state.waiters.values))
        }
        guard changed else { return }
        for waiter in waiters { waiter.resume() }
        if leading {
            logger.info("became the leader")
        } else {
            logger.info("stopped leading", metadata: ["holder": "\(machine.observedHolder ?? "unknown")"])
        }
    }
}
