import KubeModel

/// What the operator reports on a CostGuard (`status`, spec/costguard-api.md). Written only when
/// it changed; `kubectl get cg` shows phase, verdict, nodes and spend from it.
public struct CostGuardStatus: Codable, Sendable, Hashable {
    public enum Phase: String, Codable, Sendable, CaseIterable {
        case normal = "Normal", organicGrowth = "OrganicGrowth", surge = "Surge", capReached = "CapReached"
        case degraded = "Degraded", invalid = "Invalid"
    }

    public struct VerdictStatus: Codable, Sendable, Hashable {
        public var `class`: String
        public var score: Double
        /// When this class began.
        public var since: String?
        public var reasons: [String]

        public init(class: String, score: Double, since: String?, reasons: [String]) {
            self.class = `class`
            self.score = score
            self.since = since
            self.reasons = reasons
        }
    }

    /// A guarded workload whose scale-up is paused (or would be, in DryRun).
    public struct PausedWorkload: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var reason: String
        public var since: String
        public var until: String?
        public var dryRun: Bool?

        public init(namespace: String, name: String, reason: String, since: String, until: String?, dryRun: Bool?) {
            self.namespace = namespace
            self.name = name
            self.reason = reason
            self.since = since
            self.until = until
            self.dryRun = dryRun
        }
    }

    /// A replica ceiling the guard holds on a workload.
    public struct Ceiling: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var maxReplicas: Int
        public var originalMaxReplicas: Int
        public var cap: String
        /// When guards overlap, the guard whose (lower) ceiling is in force.
        public var heldBy: String?

        public init(namespace: String, name: String, maxReplicas: Int, originalMaxReplicas: Int, cap: String, heldBy: String?) {
            self.namespace = namespace
            self.name = name
            self.maxReplicas = maxReplicas
            self.originalMaxReplicas = originalMaxReplicas
            self.cap = cap
            self.heldBy = heldBy
        }
    }

    /// Where node prices come from: OpenCost (`pricing.openCost.url`) while it answers, else the
    /// spec's prices; when they were last read, and why OpenCost is not used when it is not.
    public struct PricingStatus: Codable, Sendable, Hashable {
        public var source: String
        public var pricedNodes: Int?
        public var refreshedAt: String?
        public var message: String?

        public init(source: String, pricedNodes: Int? = nil, refreshedAt: String? = nil, message: String? = nil) {
            self.source = source
            self.pricedNodes = pricedNodes
            self.refreshedAt = refreshedAt
            self.message = message
        }
    }

    public var observedGeneration: Int64?
    public var phase: Phase?
    /// One line for people: what is going on, or what is wrong with the spec.
    public var message: String?
    public var verdict: VerdictStatus?
    public var nodes: Int?
    public var hourlySpend: String?
    public var projectedMonthlySpend: String?
    /// Spend counted so far in `spendMonth` (UTC, "2026-11"): kept here so a restarted
    /// operator keeps the month's total for `caps.monthlyBudget`.
    public var monthToDateSpend: String?
    public var spendMonth: String?
    public var paused: [PausedWorkload]?
    public var ceilings: [Ceiling]?
    public var deniedCount: Int?
    /// Deny entries the guard wanted listed but left off: their records would pass the deny
    /// set's annotation bound (spec/costguard-api.md, `maxEntries`). Absent when none.
    package var denyListRefused: Int?
    public var lastEvaluation: String?
    public var pricing: PricingStatus?
    public var conditions: [Condition]?

    public init() {}

    /// Reads a status leniently, field by field (`read(_:)`): a field that does not decode
    /// (written by hand, or by another version) is left out, the others are kept.
    public init(json: JSONValue?) {
        self = Self.read(json).status
    }

    public func json() -> JSONValue {
        // Encoding plain values cannot fail.
        (try? JSONValue(encoding: self)) ?? .object([:])
    }

    public func condition(_ type: String) -> Condition? {
        conditions?.first { $0.type == type }
    }
}

/// The condition types a CostGuard reports.
public enum ConditionType {
    public static let ready = "Ready"
    public static let signalsAvailable = "SignalsAvailable"
    public static let surgeDetected = "SurgeDetected"
    public static let capReached = "CapReached"
    public static let enforcing = "Enforcing"
    /// Another guard selects some of the same workloads; the most restrictive applies.
    public static let overlapping = "Overlapping"
    /// State read back from the cluster (this status, a deny set's records) did not decode: what
    /// could be read was kept, the rest is named. Present only while True.
    package static let stateUnreadable = "StateUnreadable"
}
