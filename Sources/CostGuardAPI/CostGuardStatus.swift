import KubeModel

/// What the operator reports on a CostGuard (`status`, spec/costguard-api.md). Written only when
/// it changed; `kubectl get cg` shows phase, verdict, nodes and spend from it.
package struct CostGuardStatus: Codable, Sendable, Hashable {
    package enum Phase: String, Codable, Sendable, CaseIterable {
        case normal = "Normal", organicGrowth = "OrganicGrowth", surge = "Surge", capReached = "CapReached"
        case degraded = "Degraded", invalid = "Invalid"
    }

    package struct VerdictStatus: Codable, Sendable, Hashable {
        package var `class`: String
        package var score: Double
        /// When this class began.
        package var since: String?
        package var reasons: [String]

        package init(class: String, score: Double, since: String?, reasons: [String]) {
            self.class = `class`
            self.score = score
            self.since = since
            self.reasons = reasons
        }
    }

    /// A guarded workload whose scale-up is paused (or would be, in DryRun).
    package struct PausedWorkload: Codable, Sendable, Hashable {
        package var namespace: String
        package var name: String
        package var reason: String
        package var since: String
        package var until: String?
        package var dryRun: Bool?

        package init(namespace: String, name: String, reason: String, since: String, until: String?, dryRun: Bool?) {
            self.namespace = namespace
            self.name = name
            self.reason = reason
            self.since = since
            self.until = until
            self.dryRun = dryRun
        }
    }

    /// A replica ceiling the guard holds on a workload.
    package struct Ceiling: Codable, Sendable, Hashable {
        package var namespace: String
        package var name: String
        package var maxReplicas: Int
        package var originalMaxReplicas: Int
        package var cap: String
        /// When guards overlap, the guard whose (lower) ceiling is in force.
        package var heldBy: String?

        package init(namespace: String, name: String, maxReplicas: Int, originalMaxReplicas: Int, cap: String, heldBy: String?) {
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
    package struct PricingStatus: Codable, Sendable, Hashable {
        package var source: String
        package var pricedNodes: Int?
        package var refreshedAt: String?
        package var message: String?

        package init(source: String, pricedNodes: Int? = nil, refreshedAt: String? = nil, message: String? = nil) {
            self.source = source
            self.pricedNodes = pricedNodes
            self.refreshedAt = refreshedAt
            self.message = message
        }
    }

    package var observedGeneration: Int64?
    package var phase: Phase?
    /// One line for people: what is going on, or what is wrong with the spec.
    package var message: String?
    package var verdict: VerdictStatus?
    package var nodes: Int?
    package var hourlySpend: String?
    package var projectedMonthlySpend: String?
    /// Spend counted so far in `spendMonth` (UTC, "2026-11"): kept here so a restarted
    /// operator keeps the month's total for `caps.monthlyBudget`.
    package var monthToDateSpend: String?
    package var spendMonth: String?
    package var paused: [PausedWorkload]?
    package var ceilings: [Ceiling]?
    /// The ceilings at a glance, for `kubectl get costguards`: the tightest as
    /// `maxReplicas/originalMaxReplicas cap` (`12/40 surge`), `+N` for the other workloads held,
    /// `held by NAME` when another guard's lower ceiling is in force, `(dry run)` when not written.
    /// Absent when no ceiling holds.
    package var ceiling: String?
    package var deniedCount: Int?
    /// Deny entries the guard wanted listed but left off: their records would pass the deny
    /// set's annotation bound (spec/costguard-api.md, `maxEntries`). Absent when none.
    package var denyListRefused: Int?
    package var lastEvaluation: String?
    package var pricing: PricingStatus?
    package var conditions: [Condition]?

    package init() {}

    /// Reads a status leniently, field by field (`read(_:)`): a field that does not decode
    /// (written by hand, or by another version) is left out, the others are kept.
    package init(json: JSONValue?) {
        self = Self.read(json).status
    }

    package func json() -> JSONValue {
        // Encoding plain values cannot fail.
        (try? JSONValue(encoding: self)) ?? .object([:])
    }

    package func condition(_ type: String) -> Condition? {
        conditions?.first { $0.type == type }
    }
}

/// The condition types a CostGuard reports.
package enum ConditionType {
    package static let ready = "Ready"
    package static let signalsAvailable = "SignalsAvailable"
    package static let surgeDetected = "SurgeDetected"
    package static let capReached = "CapReached"
    package static let enforcing = "Enforcing"
    /// Another guard selects some of the same workloads; the most restrictive applies.
    package static let overlapping = "Overlapping"
    /// State read back from the cluster (this status, a deny set's records) did not decode: what
    /// could be read was kept, the rest is named. Present only while True.
    package static let stateUnreadable = "StateUnreadable"
}

extension CostGuardStatus {
    /// `status.ceiling`: the tightest of `ceilings` (the lowest share of its original
    /// maxReplicas), nil when there are none.
    package static func ceilingSummary(_ ceilings: [Ceiling], dryRun: Bool) -> String? {
        func share(_ ceiling: Ceiling) -> Double { Double(ceiling.maxReplicas) / Double(max(1, ceiling.originalMaxReplicas)) }
        guard let tightest = ceilings.min(by: { (share($0), "\($0.namespace)/\($0.name)") < (share($1), "\($1.namespace)/\($1.name)") })
        else { return nil }
        var text = "\(tightest.maxReplicas)/\(tightest.originalMaxReplicas) \(tightest.cap)"
        if ceilings.count > 1 { text += " +\(ceilings.count - 1)" }
        if let holder = tightest.heldBy { text += ", held by \(holder)" }
        if dryRun { text += " (dry run)" }
        return text
    }
}
