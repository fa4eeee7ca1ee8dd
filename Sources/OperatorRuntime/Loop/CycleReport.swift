import CostGuardAPI
import Foundation
import GuardCore

/// What one pass of the reconcile loop did, for the demo's output, the end-to-end tests and the
/// benchmark. The loop works the same whether anyone reads these.
public struct CycleReport: Sendable {
    public struct GuardResult: Sendable {
        public var name: String
        public var plan: Plan
        public var rps: Double?
        public var nodes: Int
        public var hourlySpend: Double
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
}
