import Foundation
import OperatorRuntime
import Synchronization

/// A clock that moves only when told: the demo and the end-to-end tests step it interval by
/// interval, so the real reconcile loop runs a day of traffic in seconds, deterministically.
package final class SteppedClock: OperatorClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }
    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }
    private let state: Mutex<State>

    package init(start: Date) {
        state = Mutex(State(now: start))
    }

    package func now() -> Date { state.withLock { $0.now } }

    /// Moves time forward (never back) and wakes every sleeper whose deadline has come.
    package func advance(to time: Date) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            if time > state.now { state.now = time }
            let ready = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in ready.keys { state.sleepers.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// How many tasks are asleep on this clock: a stepper waits for the loop to go back to sleep.
    package var sleepers: Int { state.withLock { $0.sleepers.count } }

    package func sleep(until deadline: Date) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
