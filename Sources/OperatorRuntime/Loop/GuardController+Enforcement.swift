import Foundation
import KubeClient
import KubeModel

/// Converges every HPA that an Enforce-mode guard claims, or that still carries CostGuard's
/// annotations, to the merged claims on it: the most restrictive pause and ceiling win.
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
        var keys = Set(claims.keys)
        // Each HPA is read from the store as it is reached, not from a snapshot held across the
        // writes: each write puts the answer in the store, and a snapshot alive meanwhile would
        // keep a second copy of every HPA (at 10,000 HPAs, 13 MiB at the peak).
        do {
            let all = hpas.snapshot()
            for (key, hpa) in all.objects where !HPAAnnotations.guards(on: hpa).isEmpty { keys.insert(key) }
        }

        var result: [String: StatusBuilder.Enforcement] = [:]
        for key in keys.sorted() {
            guard let hpa = hpas.get(key) else { continue }
            var onHPA = claims[key] ?? []
            if let owner = ScaledObjectConvergence.owner(of: hpa.metadata.ownerReferences) {
                if !onHPA.isEmpty {
                    scaledObjectClaims[ObjectRef(namespace: hpa.metadata.namespace, name: owner), default: []] += onHPA
                }
                onHPA = []
            }
            let (ceilingBy, worked) = memo.convergence(key: key, hpa: hpa, claims: onHPA, now: now)
            if let holder = ceilingBy {
                for claim in onHPA where claim.ceiling != nil && claim.guardName != holder {
                    result[claim.guardName, default: .init()].ceilingHeldBy[key] = holder
                }
            }
            // Nothing worked out: the memo knew the HPA is as it should be.
            guard leader, let convergence = worked, let patch = convergence.patch else { continue }
            do {
                try await patchHPA(namespace: hpa.metadata.namespace ?? "", name: hpa.metadata.name ?? "", patch: patch)
                report.hpaWrites.append("\(key): " + (convergence.summary.isEmpty ? "annotations updated" : convergence.summary.joined(separator: ", ")))
                logger.info("hpa converged", metadata: ["hpa": "\(key)", "change": "\(convergence.summary.joined(separator: ", "))",
                                                        "pausedBy": "\(convergence.pausedBy.joined(separator: ","))"])
            } catch let error as KubeError where error.isConflict {
                // Changed since the cache saw it: retried, with backoff, from what is there then.
                logger.debug("hpa changed under us", metadata: ["hpa": "\(key)", "error": "\(error)"])
                report.conflicts += 1
            } catch let error as KubeError where error.isNotFound {
                // Deleted meanwhile: nothing left to converge.
            } catch {
                let failure = "patching HPA \(key): \(error)"
                report.fail("patching HPA \(key)", error, verb: "patch", resource: "horizontalpodautoscalers")
                for claim in onHPA { result[claim.guardName, default: .init()].failure = failure }
            }
        }
        memo.keep(only: keys)
        for (_, names) in selectedBy where names.count > 1 {
            for name in names {
                let others = Set(result[name]?.overlapping ?? []).union(names.filter { $0 != name })
                result[name, default: .init()].overlapping = others.sorted()
            }
        }
        return result
    }
}
