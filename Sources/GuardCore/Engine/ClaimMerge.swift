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
        /// Every guard's deny entries in the guards' order, each prefix once (with the latest expiry).
        package var denyList: [DenyEntry]

        package var paused: Bool { !pauses.isEmpty }
    }

    package struct NamedPause: Sendable, Hashable {
        package var guardName: String
        package var reason: PauseReason
    }

    /// The lowest of several guards' ceilings on one object; nil when none claims one.
    package static func lowest<Holder: Comparable>(_ ceilings: [(holder: Holder, maxReplicas: Int)]) -> (holder: Holder, maxReplicas: Int)? {
        ceilings.min { ($0.maxReplicas, $0.holder) < ($1.maxReplicas, $1.holder) }
    }

    /// Merges the guards' plans for the workload `namespace/name`.
    package static func merge(_ claims: [Claim], namespace: String, name: String) -> Merged {
        var pauses: [NamedPause] = []
        var ceilings: [(holder: String, maxReplicas: Int)] = []
        var ceilingOf: [String: ReplicaCeiling] = [:]
        var denyList: [DenyEntry] = []
        var position: [IPPrefix: Int] = [:]
        for claim in claims {
            if let reason = claim.plan.pauseReason { pauses.append(NamedPause(guardName: claim.guardName, reason: reason)) }
            if let ceiling = claim.plan.ceilings.first(where: { $0.namespace == namespace && $0.name == name }) {
                ceilings.append((claim.guardName, ceiling.maxReplicas))
                ceilingOf[claim.guardName] = ceiling
            }
            for entry in claim.plan.denyList {
                if let index = position[entry.prefix] {
                    if entry.expiresAt > denyList[index].expiresAt { denyList[index] = entry }
                } else {
                    position[entry.prefix] = denyList.count
                    denyList.append(entry)
                }
            }
        }
        let holder = lowest(ceilings)?.holder
        return Merged(pauses: pauses.sorted { $0.guardName < $1.guardName }, ceiling: holder.flatMap { ceilingOf[$0] },
                      ceilingBy: holder, denyList: denyList)
    }
}
