import Foundation

/// Time for the reconcile loop: wall time in a cluster, a stepped clock in the demo and the
/// end-to-end tests (which advance it interval by interval, so runs are exact and fast).
package protocol OperatorClock: Sendable {
    func now() -> Date
    /// Returns at `deadline`, or throws CancellationError when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// Wall time.
package struct SystemClock: OperatorClock {
    package init() {}
    package func now() -> Date { Date() }
    package func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) }
        try Task.checkCancellation()
    }
}
