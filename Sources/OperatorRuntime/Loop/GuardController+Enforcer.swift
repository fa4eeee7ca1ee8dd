import Foundation
import KubeClient
import KubeModel

/// The enforcer's reconcile: the objects several guards may claim (HPAs, deny sets, rate limits,
/// node limits, ScaledObjects) converged to the merge of every guard's latest claims, what a
/// deleted guard changed put back, and its finalizer removed once nothing names it. It runs
/// after the guards due at a time have decided, and again every `idleInterval` as a resync.
extension GuardController {
    /// Failed when not converged (a write failed or met a conflict, an object could not be
    /// read): retried after the backoff, or sooner when a guard decides again.
    func reconcileEnforcer(state: inout LoopState, now: Date, report: inout CycleReport) async -> WorkQueue.Outcome {
        let resync = now.addingTimeInterval(configuration.idleInterval)
        let leader = isLeader()
        resyncGuards(state)
        let guards = state.guardObjects
        // A selector is counted from its first evaluation on; one no guard names any more stops.
        cache.nodes.keepCounting(only: Set(guards.values.compactMap { guardObject in
            guard case .success(let spec) = guardObject.spec else { return nil }
            return spec.targets.nodeSelector
        }))
        let hpaChanges = cache.changeCount("hpas")
        // An HPA that names a guard which no longer exists is put back too, whatever removed the
        // guard. That reads every HPA, so it is looked for again only after an HPA or the set of
        // guards changed.
        let guardNames = Set(guards.keys)
        let orphaned: Bool
        if let known = state.enforcer.orphanCheck, known.hpaChanges == hpaChanges, known.guards == guardNames {
            orphaned = known.orphaned
        } else {
            orphaned = cache.hpas.snapshot().objects.values.contains { !HPAAnnotations.guards(on: $0).isSubset(of: guardNames) }
            state.enforcer.orphanCheck = (hpaChanges, guardNames, orphaned)
        }
        let releasing = guards.values.filter { $0.deleting && $0.hasFinalizer }
        let newlyLeading = leader && !state.enforcer.led
        state.enforcer.led = leader
        guard state.enforcer.dirty || newlyLeading || !releasing.isEmpty || orphaned else { return .succeeded(next: resync) }

        let failures = report.failures.count
        let conflicts = report.conflicts
        var scaledObjectClaims: [ObjectRef: [HPAClaim]] = [:]
        var outcomes = await enforce(runtimes: state.runtimes, guards: guards, finalized: state.finalized, hpas: cache.hpas,
                                     leader: leader, now: now, memo: &state.enforcer.convergences,
                                     scaledObjectClaims: &scaledObjectClaims, report: &report)
        // Guards being deleted whose changes outside HPAs are not all undone yet.
        var holding: Set<String> = []
        var incomplete = false
        if leader {
            let external = await enforceExternalObjects(state: &state, scaledObjectClaims: scaledObjectClaims, now: now, report: &report)
            for (name, failure) in external.failures { outcomes[name, default: .init()].failure = failure }
            for (name, problems) in external.unreadable {
                outcomes[name, default: .init()].unreadable = problems
                await reportUnreadableRecords(guards[name], problems, now: now, report: &report)
            }
            for (name, refused) in external.denyRefused { outcomes[name, default: .init()].denyRefused = refused }
            // A deleted guard waits while an object still names it, or when some could not be read.
            incomplete = external.incomplete
            holding.formUnion(releasing.map(\.name).filter { external.incomplete || state.enforcer.externalObjects.holds($0) })
            await release(releasing.filter { !holding.contains($0.name) }, report: &report)
        }
        // A guard whose outcome changed is reconciled again, so that its status says so.
        for name in Set(outcomes.keys).union(state.enforcer.outcomes.keys) where outcomes[name] != state.enforcer.outcomes[name] {
            guard state.runtimes[name] != nil else { continue }
            state.enforcer.outcomeChanged.insert(name)
            queue.add(.guardNamed(name))
        }
        state.enforcer.outcomes = outcomes
        let converged = report.failures.count == failures && report.conflicts == conflicts && !incomplete
        state.enforcer.dirty = !converged
        return converged ? .succeeded(next: resync) : .failed(next: resync)
    }

    /// The objects outside CostGuard: every kind that needs it read, then one plan of every
    /// write (`ExternalEnforcementPlan`), then the writes. Leader only.
    private func enforceExternalObjects(state: inout LoopState, scaledObjectClaims: [ObjectRef: [HPAClaim]], now: Date,
                                        report: inout CycleReport) async -> ExternalOutcome {
        let enforcing = state.runtimes.filter { state.guardObjects[$0.key]?.enforcing == true }
        let claims = ExternalClaims(enforcing: enforcing, scaledObjects: scaledObjectClaims)
        let reads = await readExternalKinds(claims, state: &state.enforcer.externalObjects, report: &report)
        let plan = ExternalEnforcementPlan(claims: claims, reads: reads,
                                           // The ranges never to list: every node's pod ranges and addresses.
                                           protected: cache.nodes.clusterRanges(),
                                           poolNodes: claims.karpenter.isEmpty ? [:] : cache.nodes.counts(byLabel: "karpenter.sh/nodepool"),
                                           now: now)
        for (name, problems) in plan.outcome.unreadable {
            logger.warning("deny set records unreadable", metadata: ["guard": "\(name)", "problem": "\(problems.joined(separator: "; "))"])
        }
        state.enforcer.externalObjects.marked.merge(plan.marked) { $1 }
        var outcome = plan.outcome
        let carried = await carryOut(plan.actions, report: &report)
        outcome.failures.merge(carried.failures) { first, _ in first }
        // Not converged: what the object records still holds it.
        for action in carried.unwritten {
            let holders = action.heldIfUnwritten
            state.enforcer.externalObjects.marked[action.kindKey, default: [:]][action.ref] = holders.isEmpty ? nil : holders
            outcome.incomplete = true
        }
        return outcome
    }

    /// A Warning Event for a deny set's records that did not decode (the StateUnreadable
    /// condition says it too, until the records are rewritten).
    private func reportUnreadableRecords(_ guardObject: GuardObject?, _ problems: [String], now: Date, report: inout CycleReport) async {
        guard let guardObject else { return }
        for note in problems where await events.record(guardName: guardObject.name, uid: guardObject.uid, kind: .warning,
                                                        reason: "DenyRecordsUnreadable", action: "Read", note: note, now: now) {
            report.events += 1
        }
    }

    /// The resync's safety net: a guard whose object is gone but whose deletion went unseen
    /// (a relist drops it without an event), or one never reconciled, is queued.
    private func resyncGuards(_ state: LoopState) {
        let cached = cache.guards.keys
        for name in Set(state.guardObjects.keys).symmetricDifference(cached) { queue.add(.guardNamed(name)) }
    }

    /// Deleted guards keep their finalizer until no HPA names them any more.
    private func release(_ guards: [GuardObject], report: inout CycleReport) async {
        guard !guards.isEmpty else { return }
        // The cache can lag our own writes (its watch backing off while the server throttles): a
        // ceiling just set may not be in it yet. A finalizer, once gone, cannot be put back, so
        // whether a guard still holds an HPA is read from the server itself.
        let hpas: [HorizontalPodAutoscaler]
        do {
            hpas = try await client.listAll(.horizontalPodAutoscalers, options: ListOptions(limit: 500),
                                            as: .codable(HorizontalPodAutoscaler.self)).items
        } catch {
            report.fail("reading the HPAs before releasing \(guards.map(\.name).joined(separator: ", "))", error,
                        verb: "list", resource: "horizontalpodautoscalers")
            return
        }
        for guardObject in guards {
            let stillHeld = hpas.contains { HPAAnnotations.guards(on: $0).contains(guardObject.name) }
            guard !stillHeld else { continue }
            do {
                try await setFinalizer(guardObject, present: false)
                logger.info("guard released", metadata: ["guard": "\(guardObject.name)"])
            } catch let error as KubeError where error.isNotFound || error.isConflict {
                // Gone already, or changed: the resync looks again.
            } catch {
                report.fail("removing the finalizer of \(guardObject.name)", error, verb: "patch", resource: "costguards")
            }
        }
    }
}
