import Foundation
import KubeClient
import KubeModel

/// Converges every HPA that an Enforce-mode guard claims, or that still carries CostGuard's
/// annotations, to the merged claims on it (the most restrictive pause and ceiling win): the
/// claims are gathered, `HPAEnforcementPlan` decides every write, and this carries them out.
extension GuardController {
    /// Claims on HPAs that a KEDA ScaledObject manages go to `scaledObjectClaims` instead: KEDA
    /// would revert a change made to its HPA, so the ScaledObject is paused (see
    /// `ScaledObjectConvergence`), and the HPA itself only gets back anything recorded on it.
    /// Only guards in `finalized` (their finalizer on) claim anything.
    func enforce(runtimes: [String: GuardRuntime], guards: [String: GuardObject], finalized: Set<String>,
                 hpas: Store<HorizontalPodAutoscaler>, leader: Bool, now: Date,
                 memo: inout ConvergenceMemo, scaledObjectClaims: inout [ObjectRef: [HPAClaim]],
                 report: inout CycleReport) async -> [String: StatusBuilder.Enforcement] {
        var claims: [String: [HPAClaim]] = [:]
        var selectedBy: [String: [String]] = [:]
        for (name, runtime) in runtimes {
            guard let latest = runtime.latest else { continue }
            for key in latest.cluster.hpaKeys { selectedBy[key, default: []].append(name) }
            guard guards[name]?.enforcing == true, finalized.contains(name) else { continue }
            for (key, claim) in runtime.claims(now: now) { claims[key, default: []].append(claim) }
        }
        return await HPAEnforcementPlan.inBatches(claims: claims, selectedBy: selectedBy, hpas: hpas, memo: &memo, now: now) { plan in
            scaledObjectClaims.merge(plan.scaledObjectClaims) { $0 + $1 }
            guard leader else { return [:] }
            return await carryOut(plan.writes, report: &report).failures
        }
    }
}
