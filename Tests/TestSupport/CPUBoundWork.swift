import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Swift Testing runs every test at once on the cooperative pool, which has one thread per core
// (two on a small CI machine). A test that computes for seconds holds its thread, and on a busy
// machine takes the CPU from KubeSim's handlers and the operators' passes, whose tests wait with
// deadlines. So CPU-bound test work runs on a thread of its own at the lowest priority (it gets
// the CPU the rest leaves), one job at a time, and its results are checked back on the task,
// where an expectation is recorded against its test.

/// Runs `work` on a new thread at the lowest scheduling priority, when no other such job runs,
/// and returns its result. `work` must not record expectations: off its test's task an issue
/// would be lost, so it returns what the test then checks.
package func onLowPriorityThread<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await CPUTurns.run {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            // A thread of its own (see OwnThread.swift for why not Dispatch), with a main thread's stack.
            let thread = Thread {
                #if canImport(Glibc)
                // On Linux the "process" of setpriority is the calling thread.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                #endif
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// The non-throwing form.
package func onLowPriorityThread<T>(_ work: @escaping @Sendable () -> T) async -> T {
    // Cannot throw: `work` does not.
    do { return try await onLowPriorityThread { () throws -> T in work() } } catch { fatalError("\(error)") }
}

/// One CPU-bound job at a time, so that two never take both cores from the rest of the suite.
package actor CPUTurns {
    package static let shared = CPUTurns()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `work` when no other CPU-bound job is running.
    package static func run<T>(_ work: () async throws -> T) async rethrows -> T {
        await shared.take()
        do {
            let value = try await work()
            await shared.give()
            return value
        } catch {
            await shared.give()
            throw error
        }
    }

    private func take() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func give() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

/// A value that several tests share and that is expensive to compute: computed once, on a
/// low-priority thread, and awaited rather than blocked on, as a `static let` would be.
package final class SharedComputation<Value: Sendable>: Sendable {
    private let task: Task<Value, Never>

    package init(_ compute: @escaping @Sendable () -> Value) {
        task = Task { await onLowPriorityThread(compute) }
    }

    package var value: Value { get async { await task.value } }
}
