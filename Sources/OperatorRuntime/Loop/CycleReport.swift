import CostGuardAPI
import Foundation
import GuardCore
import KubeClient

/// What one pass of the reconcile loop did, for the demo's output, the end-to-end tests and the
/// benchmark. The loop works the same whether anyone reads these.
public struct CycleReport: Sendable {
    public struct GuardResult: Sendable {
        public var name: String
        public var plan: Plan
        public var rps: Double?
        /// The frame the guard decided on (nil: no signals this interval, fail-static), and
        /// why signals were missing or partial.
        public var frame: SignalFrame?
        public var signalFailures: [String]
        public var nodes: Int
        public var hourlySpend: Double
        /// Spend so far this month, and `caps.monthlyBudget` when set (the budget alerts read both).
        public var monthToDateSpend: Double = 0
        public var monthlyBudget: Double?
        public var status: CostGuardStatus
        /// How long the guard's evaluation, enforcement and status took.
        public var duration: Duration
    }

    public var at: Date
    public var leader: Bool
    public var evaluated: [GuardResult]
    /// HPA patches sent and their one-line summaries (`namespace/name: what`).
    public var hpaWrites: [String]
    public var statusWrites: Int
    public var events: Int
    public var failures: [String]
    /// The whole pass, enforcement included.
    public var duration: Duration = .zero
    /// Failed API requests, for `costguard_api_errors_total`.
    public var apiErrors: [APIError] = []
    /// Guards that went away since the last pass (their metric series go with them).
    public var removedGuards: [String] = []

    public struct APIError: Sendable, Hashable {
        public var verb: String
        public var resource: String
        public var code: Int
    }

    /// Notes a failed request: its message for the log, its code for the metrics.
    mutating func fail(_ what: String, _ error: any Error, verb: String, resource: String) {
        failures.append("\(what): \(error)")
        apiErrors.append(APIError(verb: verb, resource: resource, code: (error as? KubeError)?.statusCode ?? 0))
    }
}
