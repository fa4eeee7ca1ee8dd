import Foundation

/// Runs blocking work (a child process's wait, a pipe's read) on a new thread and returns its
/// result. Not on `DispatchQueue.global()`: on Linux the Swift concurrency pool is that queue's
/// threads, so a blocked Dispatch block is a blocked task thread, and a few kubectl waits on a
/// two-core machine held KubeSim's handlers until kubectl gave up.
package func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// The non-throwing form.
package func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
