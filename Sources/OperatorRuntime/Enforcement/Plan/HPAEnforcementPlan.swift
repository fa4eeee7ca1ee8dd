import Foundation
import KubeClient
import KubeModel

/// What the enforcer does to the HPAs, decided before anything is written (decisions as data, as
/// Karpenter's commands): the patches, each with its reasons and the guards it is for; the claims
/// that go to a KEDA ScaledObject instead; and what each guard's status says of ceilings other
/// guards hold. Pure but for the memo of HPAs found converged; the enforcer carries out
/// `writes` in order, one batch of HPAs at a time, as it carries out the other kinds' actions.
struct HPAEnforcementPlan: Sendable {
    var writes: [EnforcementAction] = []
    /// Claims on HPAs a KEDA ScaledObject manages, by ScaledObject: KEDA would revert a change
    /// made to its HPA, so the ScaledObject is paused instead (`ScaledObjectConvergence`).
    var scaledObjectClaims: [ObjectRef: [HPAClaim]] = [:]
    /// Per guard: the HPAs where another guard's lower ceiling holds (ceilingHeldBy).
    var outcomes: [String: StatusBuilder.Enforcement] = [:]

    /// How many HPAs one plan covers: the first reconcile after a start can write every HPA, and
    /// 10,000 patches held at once would cost 8 MiB at the peak.
    static let batchSize = 500

    /// Plans the HPAs `batchSize` at a time in key order, handing each plan to `carryOut` before
    /// the next is made, and returns every guard's outcome (`overlapping` included) with the
    /// failures `carryOut` reported. `claims`: by HPA key, what each Enforce-mode guard with its
    /// finalizer on wants; `selectedBy`: by HPA key, every guard that selects it (DryRun ones
    /// too). Every HPA that carries CostGuard's annotations is looked at as well, so that one no
    /// guard claims any more is put back.
    static func inBatches(claims: [String: [HPAClaim]], selectedBy: [String: [String]], hpas: Store<HorizontalPodAutoscaler>,
                          memo: inout ConvergenceMemo, now: Date, batchSize: Int = batchSize,
                          _ carryOut: (HPAEnforcementPlan) async -> [String: String]) async -> [String: StatusBuilder.Enforcement] {
        var keys = Set(claims.keys)
        // Each HPA is read from the store as it is reached, not from a snapshot held across the
        // writes: each write puts the answer in the store, and a snapshot alive meanwhile would
        // keep a second copy of every HPA (at 10,000 HPAs, 13 MiB at the peak).
        do {
            let all = hpas.snapshot()
            for (key, hpa) in all.objects where !HPAAnnotations.guards(on: hpa).isEmpty { keys.insert(key) }
        }
        var outcomes: [String: StatusBuilder.Enforcement] = [:]
        let sorted = keys.sorted()
        for start in stride(from: 0, to: sorted.count, by: max(1, batchSize)) {
            let batch = sorted[start..<min(start + max(1, batchSize), sorted.count)]
            let plan = make(batch, claims: claims, hpas: hpas, memo: &memo, now: now)
            for (name, outcome) in plan.outcomes { outcomes[name, default: .init()].ceilingHeldBy.merge(outcome.ceilingHeldBy) { $1 } }
            for (name, failure) in await carryOut(plan) { outcomes[name, default: .init()].failure = failure }
        }
        memo.keep(only: keys)
        for (_, names) in selectedBy where names.count > 1 {
            for name in names {
                let others = Set(outcomes[name]?.overlapping ?? []).union(names.filter { $0 != name })
                outcomes[name, default: .init()].overlapping = others.sorted()
            }
        }
        return outcomes
    }

    /// The plan for the HPAs `keys` name.
    static func make(_ keys: some Collection<String>, claims: [String: [HPAClaim]], hpas: Store<HorizontalPodAutoscaler>,
                     memo: inout ConvergenceMemo, now: Date) -> HPAEnforcementPlan {
        var plan = HPAEnforcementPlan()
        for key in keys {
            guard let hpa = hpas.get(key) else { continue }
            var onHPA = claims[key] ?? []
            if let owner = ScaledObjectConvergence.owner(of: hpa.metadata.ownerReferences) {
                if !onHPA.isEmpty {
                    plan.scaledObjectClaims[ObjectRef(namespace: hpa.metadata.namespace, name: owner), default: []] += onHPA
                }
                onHPA = []
            }
            let (ceilingBy, worked) = memo.convergence(key: key, hpa: hpa, claims: onHPA, now: now)
            if let holder = ceilingBy {
                for claim in onHPA where claim.ceiling != nil && claim.guardName != holder {
                    plan.outcomes[claim.guardName, default: .init()].ceilingHeldBy[key] = holder
                }
            }
            // Nothing worked out: the memo knew the HPA is as it should be.
            guard let convergence = worked, let patch = convergence.patch else { continue }
            plan.writes.append(EnforcementAction(kindKey: EnforcementAction.hpaKindKey, kind: "HorizontalPodAutoscaler",
                                                 resource: .horizontalPodAutoscalers,
                                                 ref: ObjectRef(namespace: hpa.metadata.namespace, name: hpa.metadata.name ?? ""),
                                                 verb: .patch(patch), summary: convergence.summary, claimants: onHPA.map(\.guardName),
                                                 heldBy: convergence.pausedBy, heldIfUnwritten: []))
        }
        return plan
    }
}
