import CostGuardAPI

/// What one workload gets when several guards act on it: the most restrictive claim wins. Any
/// pause pauses, the lowest ceiling holds (the guard named first wins a tie, so the holder is the
/// same whoever asks), and the deny list is every guard's entries, each prefix once. Pure, so the
/// replay and the operator merge the same way (the operator's HPAConvergence calls `lowest`).
package enum ClaimMerge {
    /// One guard's plan under its name.
    package struct Claim: Sendable {
        package var guardName: String
        package var plan: Plan

        package init(guardName: String, plan: Plan) {
            self.guardName = guardName
            self.plan = plan
        }
    }

    /// The merged state for one workload.
    package struct Merged: Sendable, Hashable {
        /// Guards whose plan pauses scale-up, sorted by name, with why.
        package var pauses: [NamedPause]
        /// The ceiling in force and the guard that holds it.
        package var ceiling: ReplicaCeiling?
        package var ceilingBy: String?
        /// Every guard's deny entries in the guards' order, each prefix once (`DenyListRules.join`).
        package var denyList: [DenyEntry]

        package var paused: Bool { !pauses.isEmpty }
    }

    package struct NamedPause: Sendable, Hashable {
        package var guardName: String
        package var reason: PauseReason
    }

    /// The lowest of several guards' ceilings on one object, a tie going to the holder first in
    /// order; nil when none claims one. `ceiling` gives an item's holder and maxReplicas.
    package static func lowest<Item>(_ items: [Item], _ ceiling: (Item) -> (holder: String, maxReplicas: Int)) -> Item? {
        items.min { a, b in
            let (x, y) = (ceiling(a), ceiling(b))
            return (x.maxReplicas, x.holder) < (y.maxReplicas, y.holder)
        }
    }

    /// Merges the guards' plans for the workload `namespace/name`.
    package static func merge(_ claims: [Claim], namespace: String, name: String) -> Merged {
        var pauses: [NamedPause] = []
        var ceilings: [(holder: String, ceiling: ReplicaCeiling)] = []
        for claim in claims {
            if let reason = claim.plan.pauseReason { pauses.append(NamedPause(guardName: claim.guardName, reason: reason)) }
            if let ceiling = claim.plan.ceilings.first(where: { $0.namespace == namespace && $0.name == name }) {
                ceilings.append((claim.guardName, ceiling))
            }
        }
        let denyList = DenyListRules.join(claims.flatMap(\.plan.denyList), prefix: \.prefix, expiry: \.expiresAt, rps: \.rps,
                                          settingRate: { $0.rps = $1 })
        let held = lowest(ceilings) { ($0.holder, $0.ceiling.maxReplicas) }
        return Merged(pauses: pauses.sorted { $0.guardName < $1.guardName }, ceiling: held?.ceiling, ceilingBy: held?.holder,
                      denyList: denyList)
    }
}
