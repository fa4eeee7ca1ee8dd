import CostGuardAPI
import Foundation
import GuardCore
import KubeClient
import KubeModel

/// One guard's reconcile: its finalizer, its spec checked, an evaluation when its interval is
/// due, its status and Events. What it decided reaches the shared objects through the enforcer,
/// which this queues; the enforcer's outcome comes back into the status on a later reconcile.
extension GuardController {
    /// Returns when the guard next wants reconciling (nil: only when its object changes).
    func reconcileGuard(_ name: String, state: inout LoopState, now: Date, report: inout CycleReport) async -> Date? {
        let leader = isLeader()
        guard let object = cache.guards.get(name) else {
            await forgetGuard(name, state: &state, report: &report)
            return nil
        }
        let guardObject = read(object, known: state.guardObjects[name])
        state.guardObjects[name] = guardObject
        // A guard being deleted or whose spec changed starts again (or not at all).
        if let runtime = state.runtimes[name], guardObject.deleting || guardObject.specJSON != runtime.specJSON {
            await runtime.shutdown()
            state.runtimes[name] = nil
            queueEnforcer(&state)
        }
        // The enforcer puts back what a deleted guard changed, then lets it go.
        if guardObject.deleting {
            queueEnforcer(&state)
            return nil
        }
        // Only a guard whose finalizer is on claims anything, so that deleting it always waits for
        // what it changed to be put back; one whose finalizer went (stripped by hand) claims
        // nothing until it is on again.
        if guardObject.hasFinalizer {
            state.finalized.insert(name)
        } else {
            state.finalized.remove(name)
            if leader {
                do {
                    try await setFinalizer(guardObject, present: true)
                    state.finalized.insert(name)
                } catch {
                    report.fail("adding the finalizer to \(name)", error, verb: "patch", resource: "costguards")
                }
            }
        }
        let spec: CostGuardSpec
        switch guardObject.spec {
        case .failure(let errors):
            await reportInvalid(guardObject, errors: errors, state: &state, leader: leader, now: now, report: &report)
            return nil
        case .success(let valid):
            spec = valid
        }
        state.invalidReported[name] = nil
        if state.runtimes[name] == nil {
            do {
                state.runtimes[name] = try GuardRuntime(guardObject: guardObject, spec: spec, now: now, client: client, logger: logger)
            } catch {
                let problem = SpecErrors([SpecError(field: "spec.signals.prometheus.url", problem: "\(error)")])
                await reportInvalid(guardObject, errors: problem, state: &state, leader: leader, now: now, report: &report)
                return nil
            }
        }
        guard var runtime = state.runtimes[name] else { return nil }
        let newlyLeading = leader && !state.ledGuards.contains(name)
        if leader { state.ledGuards.insert(name) } else { state.ledGuards.remove(name) }

        guard runtime.isDue(at: now) else {
            // A new leader acts at once on what its warm classifier last saw, instead of an
            // interval later (Events for that evaluation were the old leader's to send); a
            // changed enforcement outcome is written into the status it belongs in.
            let outcomeChanged = state.enforcer.outcomeChanged.remove(name) != nil
            if let latest = runtime.latest, newlyLeading || outcomeChanged {
                if newlyLeading { queueEnforcer(&state) }
                // The status the evaluation read stays the one reported on: our own write since
                // would otherwise hide that its fields did not decode.
                var evaluatedObject = guardObject
                evaluatedObject.statusProblems = state.statusProblems[name] ?? []
                let status = StatusBuilder.build(evaluatedObject, runtime: runtime, evaluation: latest,
                                                 enforcement: state.enforcer.outcomes[name] ?? .init(), now: latest.at)
                if leader { await writeStatusIfChanged(guardObject, status, state: &state, report: &report) }
                if let index = report.evaluated.firstIndex(where: { $0.name == name }) { report.evaluated[index].status = status }
            }
            return runtime.nextDue
        }

        let started = ContinuousClock.now
        let evaluation = await runtime.evaluate(now: now, nodes: cache.nodes, nodeChanges: cache.changeCount("nodes"),
                                                hpas: cache.hpas.snapshot(), namespaces: cache.namespaces.snapshot())
        state.runtimes[name] = runtime
        state.statusProblems[name] = guardObject.statusProblems.isEmpty ? nil : guardObject.statusProblems
        state.enforcer.outcomeChanged.remove(name)
        queueEnforcer(&state)
        let enforcement = state.enforcer.outcomes[name] ?? .init()
        let status = StatusBuilder.build(guardObject, runtime: runtime, evaluation: evaluation, enforcement: enforcement, now: now)
        if leader {
            await writeStatusIfChanged(guardObject, status, state: &state, report: &report)
            await reportUnreadableStatus(guardObject, now: now, report: &report)
            for decision in evaluation.plan.changes {
                let (reason, kind) = Self.eventReason(decision)
                let note = spec.mode == .dryRun ? "DryRun, would have \(decision.description)" : decision.description
                if await events.record(guardName: name, uid: guardObject.uid, kind: kind, reason: reason,
                                       action: spec.mode == .dryRun ? "DryRun" : reason, note: note, now: now) {
                    report.events += 1
                }
            }
        }
        let view = evaluation.cluster.view
        report.evaluated.append(CycleReport.GuardResult(
            name: name, at: now, plan: evaluation.plan, rps: evaluation.signals.frame?.rps,
            frame: evaluation.signals.frame, signalFailures: evaluation.signals.failures, nodes: view.nodes,
            hourlySpend: view.hourlySpend, monthToDateSpend: view.monthToDateSpend,
            monthlyBudget: spec.caps.monthlyBudget?.double, status: status, duration: ContinuousClock.now - started))
        return runtime.nextDue
    }

    /// A guard gone from the cache: its runtime ends, and the enforcer puts back what it changed.
    private func forgetGuard(_ name: String, state: inout LoopState, report: inout CycleReport) async {
        if let runtime = state.runtimes.removeValue(forKey: name) { await runtime.shutdown() }
        if state.guardObjects.removeValue(forKey: name) != nil { report.removedGuards.append(name) }
        state.finalized.remove(name)
        state.invalidReported[name] = nil
        state.statusProblems[name] = nil
        state.ledGuards.remove(name)
        state.enforcer.outcomes[name] = nil
        state.enforcer.outcomeChanged.remove(name)
        queueEnforcer(&state)
    }

    /// Reading a guard (its spec checked, its status decoded) is redone only when it changed.
    private func read(_ object: CustomObject, known: GuardObject?) -> GuardObject {
        if let known, let version = object.metadata.resourceVersion, known.resourceVersion == version { return known }
        return GuardObject(object)
    }

    func queueEnforcer(_ state: inout LoopState) {
        state.enforcer.dirty = true
        queue.add(.enforcer)
    }

    private func writeStatusIfChanged(_ guardObject: GuardObject, _ status: CostGuardStatus, state: inout LoopState,
                                      report: inout CycleReport) async {
        guard let runtime = state.runtimes[guardObject.name],
              StatusBuilder.differs(status, from: runtime.written ?? guardObject.status) else { return }
        do {
            try await writeStatus(guardObject, status)
            state.runtimes[guardObject.name]?.written = status
            report.statusWrites += 1
        } catch let error as KubeError where error.isNotFound {
            // Deleted meanwhile: nothing to report on.
        } catch {
            report.fail("status of \(guardObject.name)", error, verb: "patch", resource: "costguards/status")
        }
    }

    private func reportInvalid(_ guardObject: GuardObject, errors: SpecErrors, state: inout LoopState, leader: Bool,
                               now: Date, report: inout CycleReport) async {
        guard leader else { return }
        let status = StatusBuilder.invalid(guardObject, errors: errors, now: now)
        if StatusBuilder.differs(status, from: guardObject.status) {
            do {
                try await writeStatus(guardObject, status)
                report.statusWrites += 1
            } catch {
                report.fail("status of \(guardObject.name)", error, verb: "patch", resource: "costguards/status")
            }
        }
        if state.invalidReported[guardObject.name] != guardObject.generation {
            state.invalidReported[guardObject.name] = guardObject.generation
            if await events.record(guardName: guardObject.name, uid: guardObject.uid, kind: .warning, reason: "InvalidSpec",
                                   action: "Validate", note: errors.description.replacingOccurrences(of: "\n", with: "; "), now: now) {
                report.events += 1
            }
        }
    }

    /// A Warning Event for a status read back whose fields did not decode: the StateUnreadable
    /// condition says it too, but is gone once the status is rewritten.
    private func reportUnreadableStatus(_ guardObject: GuardObject, now: Date, report: inout CycleReport) async {
        guard !guardObject.statusProblems.isEmpty else { return }
        let note = "status fields left out, the rest kept: " + guardObject.statusProblems.joined(separator: "; ")
        logger.warning("state unreadable", metadata: ["guard": "\(guardObject.name)", "problem": "\(note)"])
        if await events.record(guardName: guardObject.name, uid: guardObject.uid, kind: .warning, reason: "StatusUnreadable",
                               action: "Read", note: note, now: now) {
            report.events += 1
        }
    }

    static func eventReason(_ decision: Decision) -> (String, EventRecorder.Kind) {
        switch decision {
        case .pauseScaleUp(let reason, _): return (reason == .surge ? "SurgeScaleUpPaused" : "CapScaleUpPaused", .warning)
        case .resumeScaleUp: return ("ScaleUpResumed", .normal)
        case .setCeiling: return ("CeilingSet", .warning)
        case .liftCeiling: return ("CeilingLifted", .normal)
        case .deny: return ("PrefixDenied", .warning)
        case .expire: return ("PrefixExpired", .normal)
        case .tightenRateLimit: return ("RateLimitTightened", .warning)
        case .restoreRateLimit: return ("RateLimitRestored", .normal)
        }
    }
}
