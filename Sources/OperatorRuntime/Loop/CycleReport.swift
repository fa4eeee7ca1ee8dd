import CostGuardAPI
import Foundation
import GuardCore
import KubeClient

/// What the reconcile loop did from waking until nothing was due (the guards due at one time
/// and the enforcer after them), for the demo's output, the end-to-end tests and the
/// benchmark. The loop works the same whether anyone reads these.
package struct CycleReport: Sendable {
    package struct GuardResult: Sendable {
        package var name: String
        /// When the guard evaluated.
        package var at: Date
        package var plan: Plan
        package var rps: Double?
        /// The frame the guard decided on (nil: no signals this interval, fail-static), and
        /// why signals were missing or partial.
        package var frame: SignalFrame?
        package var signalFailures: [String]
        package var nodes: Int
        package var hourlySpend: Double
        /// Spend so far this month, and `caps.monthlyBudget` when set (the budget alerts read both).
        package var monthToDateSpend: Double = 0
        package var monthlyBudget: Double?
        package var status: CostGuardStatus
        /// How long the guard's evaluation, enforcement and status took.
        package var duration: Duration
    }

    package var at: Date
    package var leader: Bool
    package var evaluated: [GuardResult]
    /// HPA patches sent and their one-line summaries (`namespace/name: what`).
    package var hpaWrites: [String]
    package var statusWrites: Int
    package var events: Int
    package var failures: [String]
    /// From the first reconcile to the last, enforcement included.
    package var duration: Duration = .zero
    /// 409 Conflicts met writing (someone changed the object since it was read): not failures,
    /// but the enforcer retries them with backoff, on top of the other writer's change.
    package var conflicts = 0
    /// Failed API requests, for `costguard_api_errors_total`.
    package var apiErrors: [APIError] = []
    /// Each reconcile: a guard's or the enforcer's, and whether it is retried with backoff.
    package var reconciles: [Reconcile] = []
    /// Guards that went away meanwhile (their metric series go with them).
    package var removedGuards: [String] = []

    package struct Reconcile: Sendable, Hashable {
        /// `guard` (one CostGuard) or `enforcer` (the objects guards share).
        package var kind: String
        /// Failed or met a conflict: queued again after the backoff.
        package var retried: Bool
    }

    package struct APIError: Sendable, Hashable {
        package var verb: String
        package var resource: String
        package var code: Int
    }

    /// Notes a failed request: its message for the log, its code for the metrics.
    mutating func fail(_ what: String, _ error: any Error, verb: String, resource: String) {
        failures.append("\(what): \(error)")
        apiErrors.append(APIError(verb: verb, resource: resource, code: (error as? KubeError)?.statusCode ?? 0))
    }
}
