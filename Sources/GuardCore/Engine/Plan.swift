import CostGuardAPI

/// Why scale-up is paused.
package enum PauseReason: String, Sendable, Hashable {
    case surge, nodeCap, spendCap, budget
}

/// Which cap a replica ceiling holds.
package enum CapKind: String, Sendable, Hashable {
    case nodeCap, spendCap, budget
    /// Not a cap: the graded response to a surge, the organic share of the traffic (SurgeCeilingPlanner).
    case surge
}

/// A prefix on the deny list, with what put it there and when it lapses.
package struct DenyEntry: Sendable, Hashable {
    package var prefix: IPPrefix
    package var rps: Double
    package var listedAt: Double
    package var expiresAt: Double

    package init(prefix: IPPrefix, rps: Double, listedAt: Double, expiresAt: Double) {
        self.prefix = prefix
        self.rps = rps
        self.listedAt = listedAt
        self.expiresAt = expiresAt
    }
}

/// A replica ceiling on one workload, and the cap it holds.
package struct ReplicaCeiling: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var maxReplicas: Int
    package var cap: CapKind

    package init(namespace: String, name: String, maxReplicas: Int, cap: CapKind) {
        self.namespace = namespace
        self.name = name
        self.maxReplicas = maxReplicas
        self.cap = cap
    }
}

/// The desired state after one evaluation: what should be in force, whatever was before.
/// Actuators converge to it; `changes` says what differs from the previous plan, and why.
package struct Plan: Sendable, Hashable {
    package var t: Double
    package var verdict: Verdict
    /// Scale-up paused, and why (a surge outranks a cap).
    package var pauseReason: PauseReason?
    /// Until when a surge pause holds (the hold-down after the last surge frame).
    package var surgePauseUntil: Double?
    package var ceilings: [ReplicaCeiling]
    package var denyList: [DenyEntry]
    /// The Traefik rate limit is tightened to the guard's surge values.
    package var rateLimitTightened: Bool
    package var changes: [Decision]

    package var paused: Bool { pauseReason != nil }
}

/// One change of the plan, as data with its reason: the record behind Events and the report.
package enum Decision: Sendable, Hashable, CustomStringConvertible {
    case pauseScaleUp(PauseReason, because: [Reason])
    case resumeScaleUp(after: PauseReason)
    case setCeiling(ReplicaCeiling, nodesAllowed: Int)
    case liftCeiling(namespace: String, name: String)
    case deny(IPPrefix, rps: Double, expiresAt: Double)
    case expire(IPPrefix)
    case tightenRateLimit(average: Int, burst: Int)
    case restoreRateLimit

    package var description: String {
        switch self {
        case .pauseScaleUp(let reason, let because):
            let why = because.prefix(3).map(\.description).joined(separator: "; ")
            return "paused scale-up (\(reason.rawValue))" + (why.isEmpty ? "" : ": \(why)")
        case .resumeScaleUp(let after): return "resumed scale-up (\(after.rawValue) over)"
        case .setCeiling(let ceiling, _) where ceiling.cap == .surge:
            return "set maxReplicas of \(ceiling.namespace)/\(ceiling.name) to \(ceiling.maxReplicas): the organic share of a surge"
        case .setCeiling(let ceiling, let nodes):
            return "set maxReplicas of \(ceiling.namespace)/\(ceiling.name) to \(ceiling.maxReplicas) to hold \(ceiling.cap.rawValue) (\(nodes) nodes)"
        case .liftCeiling(let namespace, let name): return "restored maxReplicas of \(namespace)/\(name)"
        case .deny(let prefix, let rps, _): return "denied \(prefix) (\(Reason.multiple(rps)) rps)"
        case .expire(let prefix): return "removed \(prefix) from the deny list"
        case .tightenRateLimit(let average, let burst): return "tightened rate limit to average \(average), burst \(burst)"
        case .restoreRateLimit: return "restored rate limit"
        }
    }
}
