import Foundation
@testable import OperatorRuntime
import Testing

/// The keyed work queue: one entry per key, never two reconciles of a key at once, guards before
/// the enforcer, and an exponential backoff per key that a success forgets.
@Suite struct WorkQueueTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// The key due at `now`, which must be there.
    static func take(_ queue: inout WorkQueue, now: Date) throws -> ReconcileKey {
        let key = queue.next(now: now)
        return try #require(key)
    }

    /// Takes every key due at `now`, each finished as it comes.
    static func drain(_ queue: inout WorkQueue, now: Date, outcome: WorkQueue.Outcome = .succeeded(next: nil)) -> [ReconcileKey] {
        var order: [ReconcileKey] = []
        while let key = queue.next(now: now) {
            order.append(key)
            queue.done(key, outcome, now: now)
        }
        return order
    }

    @Test func aKeyAddedTwiceIsQueuedOnceAtTheEarlierTime() {
        var queue = WorkQueue()
        queue.add(.guardNamed("a"), at: Self.at(10))
        queue.add(.guardNamed("a"), at: Self.at(5))
        queue.add(.guardNamed("a"), at: Self.at(20))
        #expect(queue.nextDue == Self.at(5))
        #expect(queue.next(now: Self.at(4)) == nil, "not due yet")
        #expect(Self.drain(&queue, now: Self.at(5)) == [.guardNamed("a")])
        #expect(queue.nextDue == nil)
    }

    @Test func guardsComeBeforeTheEnforcerByTimeThenName() {
        var queue = WorkQueue()
        queue.add(.enforcer, at: .distantPast)
        queue.add(.guardNamed("b"), at: Self.at(1))
        queue.add(.guardNamed("c"), at: Self.at(0))
        queue.add(.guardNamed("a"), at: Self.at(1))
        queue.add(.guardNamed("later"), at: Self.at(30))
        #expect(Self.drain(&queue, now: Self.at(1)) == [.guardNamed("c"), .guardNamed("a"), .guardNamed("b"), .enforcer])
        #expect(queue.nextDue == Self.at(30))
    }

    @Test func aKeyInFlightIsNotHandedOutAgainButQueuedOnceDone() throws {
        var queue = WorkQueue()
        queue.add(.guardNamed("a"), at: Self.at(0))
        queue.add(.guardNamed("b"), at: Self.at(0))
        let first = try Self.take(&queue, now: Self.at(0))
        #expect(first == .guardNamed("a"))
        // An event for it while it runs, and one worker: nothing else is handed out meanwhile.
        queue.add(.guardNamed("a"), at: Self.at(0))
        #expect(queue.next(now: Self.at(0)) == nil)
        queue.done(first, .succeeded(next: Self.at(15)), now: Self.at(0))
        // Queued again at the earlier of the two times (the event's), and b still waits its turn.
        #expect(Self.drain(&queue, now: Self.at(0)) == [.guardNamed("a"), .guardNamed("b")])
        #expect(queue.nextDue == nil, "the event's reconcile asked for nothing later")
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndASuccessForgets() throws {
        var queue = WorkQueue(backoff: .init(base: 0.5, cap: 4))
        let key = ReconcileKey.enforcer
        var now = Self.at(0)
        queue.add(key, at: now)
        var waits: [Double] = []
        for _ in 0..<6 {
            let taken = try Self.take(&queue, now: now)
            queue.done(taken, .failed(next: nil), now: now)
            let due = try #require(queue.nextDue as Date?)
            waits.append(due.timeIntervalSince(now))
            now = due
        }
        #expect(waits == [0.5, 1, 2, 4, 4, 4])
        #expect(queue.failures[key] == 6)
        let taken = try Self.take(&queue, now: now)
        queue.done(taken, .succeeded(next: nil), now: now)
        #expect(queue.failures[key] == nil, "a success forgets the failures")
        queue.add(key, at: now)
        _ = try Self.take(&queue, now: now)
        queue.done(key, .failed(next: nil), now: now)
        #expect(queue.nextDue == now.addingTimeInterval(0.5), "the backoff starts over")
    }

    @Test func aFailedGuardStillComesBackAtItsIntervalWhenThatIsSooner() throws {
        var queue = WorkQueue(backoff: .init(base: 10, cap: 300))
        let key = ReconcileKey.guardNamed("a")
        queue.add(key, at: Self.at(0))
        for _ in 0..<4 {
            let now = try #require(queue.nextDue as Date?)
            _ = try Self.take(&queue, now: now)
            queue.done(key, .failed(next: now.addingTimeInterval(15)), now: now)
        }
        // Backoffs of 10, 20, 40, 80 s; the interval of 15 s caps each after the first.
        #expect(queue.nextDue == Self.at(10 + 15 + 15 + 15))
    }

    @Test func anAddBypassesTheBackoffAndAForgottenKeyIsGone() throws {
        var queue = WorkQueue(backoff: .init(base: 60, cap: 300))
        queue.add(.enforcer, at: Self.at(0))
        _ = try Self.take(&queue, now: Self.at(0))
        queue.done(.enforcer, .failed(next: nil), now: Self.at(0))
        #expect(queue.nextDue == Self.at(60))
        // A guard decided again: the enforcer is wanted now, as client-go's Add.
        queue.add(.enforcer, at: Self.at(1))
        #expect(Self.drain(&queue, now: Self.at(1)) == [.enforcer])

        queue.add(.guardNamed("gone"), at: Self.at(2))
        queue.forget(.guardNamed("gone"))
        #expect(queue.nextDue == nil)
        #expect(queue.failures[.guardNamed("gone")] == nil)
    }
}
