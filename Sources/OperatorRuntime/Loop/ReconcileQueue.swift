import Foundation
import Synchronization

/// The work queue shared by the loop and the cache's event handlers: `WorkQueue` behind a lock,
/// with a wake-up for the loop when a key is added.
final class ReconcileQueue: Sendable {
    private let queue: Mutex<WorkQueue>
    private let wake = WakeSignal()

    init(backoff: WorkQueue.Backoff = WorkQueue.Backoff()) { queue = Mutex(WorkQueue(backoff: backoff)) }

    /// Queues a key for `time` (`.distantPast`: as soon as the loop is free).
    func add(_ key: ReconcileKey, at time: Date = .distantPast) {
        queue.withLock { $0.add(key, at: time) }
        wake.signal()
    }

    func next(now: Date) -> ReconcileKey? { queue.withLock { $0.next(now: now) } }

    func done(_ key: ReconcileKey, _ outcome: WorkQueue.Outcome, now: Date) {
        queue.withLock { $0.done(key, outcome, now: now) }
    }

    func forget(_ key: ReconcileKey) { queue.withLock { $0.forget(key) } }

    var nextDue: Date? { queue.withLock { $0.nextDue } }

    /// Sleeps until `deadline` on `clock`, or until a key is added or `interrupt()` is called.
    func wait(until deadline: Date, clock: any OperatorClock) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await self.wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Ends a `wait` now (the loop stopping).
    func interrupt() { wake.signal() }
}
