import CostGuardAPI
import Foundation
import GuardCore
import KubeClient

/// What one pass of the reconcile loop did, for the demo's output, the end-to-end tests and the
/// benchmark. The loop works the same whether anyone reads these.
package struct CycleReport: Sendable {
    package struct GuardResult: Sendable {
        package var name: String
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
    /// The whole pass, enforcement included.
    package var duration: Duration = .zero
    /// Failed API requests, for `costguard_api_errors_total`.
    package var apiErrors: [APIError] = []
    /// Guards that went away since the last pass (their metric series go with them).
    package var removedGuards: [String] = []

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
