import Foundation
import KubeClient
import KubeModel

/// What the enforcer does to the HPAs, decided before anything is written (decisions as data, as
/// Karpenter's commands): the patches, each with its reasons and the guards it is for; the claims
/// that go to a KEDA ScaledObject instead; and what each guard's status says of ceilings other
/// guards hold and of guards it overlaps. Pure but for the memo of HPAs found converged; the
/// enforcer carries out `writes` in order.
struct HPAEnforcementPlan: Sendable {
    struct Write: Sendable, Equatable {
        var key: String
        var namespace: String
        var name: String
        var patch: JSONValue
        /// What changes, for the log and the report (`paused scale-up`, `ceiling 12`, ...).
        var summary: [String]
        var pausedBy: [String]
        /// The guards whose claims the write carries: they hear of it if it fails.
        var claimants: [String]
    }

    var writes: [Write] = []
    /// Claims on HPAs a KEDA ScaledObject manages, by ScaledObject: KEDA would revert a change
    /// made to its HPA, so the ScaledObject is paused instead (`ScaledObjectConvergence`).
    var scaledObjectClaims: [ObjectRef: [HPAClaim]] = [:]
    /// Per guard: ceilingHeldBy and overlapping filled in.
    var outcomes: [String: StatusBuilder.Enforcement] = [:]

    /// `claims`: by HPA key, what each Enforce-mode guard with its finalizer on wants.
    /// `selectedBy`: by HPA key, every guard that selects it (DryRun ones too). Every HPA that
    /// carries CostGuard's annotations is looked at as well, so that one no guard claims any
    /// more is put back.
    static func make(claims: [String: [HPAClaim]], selectedBy: [String: [String]], hpas: Store<HorizontalPodAutoscaler>,
                     memo: inout ConvergenceMemo, now: Date) -> HPAEnforcementPlan {
        var plan = HPAEnforcementPlan()
        var keys = Set(claims.keys)
        // Each HPA is read from the store as it is reached, not from a snapshot held across the
        // writes: each write puts the answer in the store, and a snapshot alive meanwhile would
        // keep a second copy of every HPA (at 10,000 HPAs, 13 MiB at the peak).
        do {
            let all = hpas.snapshot()
            for (key, hpa) in all.objects where !HPAAnnotations.guards(on: hpa).isEmpty { keys.insert(key) }
        }
        for key in keys.sorted() {
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
            plan.writes.append(Write(key: key, namespace: hpa.metadata.namespace ?? "", name: hpa.metadata.name ?? "", patch: patch,
                                     summary: convergence.summary, pausedBy: convergence.pausedBy, claimants: onHPA.map(\.guardName)))
        }
        memo.keep(only: keys)
        for (_, names) in selectedBy where names.count > 1 {
            for name in names {
                let others = Set(plan.outcomes[name]?.overlapping ?? []).union(names.filter { $0 != name })
                plan.outcomes[name, default: .init()].overlapping = others.sorted()
            }
        }
        return plan
    }
}
