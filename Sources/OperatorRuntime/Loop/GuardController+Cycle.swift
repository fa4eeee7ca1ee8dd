import CostGuardAPI
import Foundation
import GuardCore
import KubeClient
import KubeModel

/// One pass of the loop: evaluate the guards that are due, converge the HPAs, write statuses,
/// record Events, and let deleted guards go once everything they changed is restored.
extension GuardController {
    func cycle(_ state: inout LoopState) async {
        let now = clock.now()
        let passStarted = ContinuousClock.now
        let leader = isLeader()
        // The change count first: a node event between the two reads then only means one extra sum.
        let nodeChanges = cache.changeCount("nodes")
        let hpaChanges = cache.changeCount("hpas")
        let hpas = cache.hpas.snapshot()
        let namespaces = cache.namespaces.snapshot()
        var report = CycleReport(at: now, leader: leader, evaluated: [], hpaWrites: [], statusWrites: 0, events: 0, failures: [])

        var guards: [String: GuardObject] = [:]
        for object in cache.guards.snapshot().objects.values {
            // Reading a guard (its spec checked, its status decoded) is redone only when it changed.
            if let version = object.metadata.resourceVersion, let known = state.guardObjects[object.metadata.name ?? ""],
               known.resourceVersion == version {
                guards[known.name] = known
            } else {
                let guardObject = GuardObject(object)
                guards[guardObject.name] = guardObject
            }
        }
        state.guardObjects = guards
        cache.nodes.keepCounting(only: Set(guards.values.compactMap { guardObject in
            guard case .success(let spec) = guardObject.spec else { return nil }
            return spec.targets.nodeSelector
        }))
        // A guard that went away, is being deleted or changed its spec starts again (or not at all).
        for (name, runtime) in state.runtimes {
            guard let current = guards[name], !current.deleting, current.specJSON == runtime.specJSON else {
                await runtime.shutdown()
                state.runtimes[name] = nil
                if guards[name] == nil { report.removedGuards.append(name) }
                continue
            }
        }

        // Each guard's evaluation time; its status write is added below.
        var evaluated: [(GuardObject, GuardEvaluation, Duration)] = []
        // Guards not due whose last evaluation this instance acts on now that it leads.
        var takenOver: [(GuardObject, GuardEvaluation)] = []
        // Guards whose finalizer is on: only they may change an HPA, so that deleting a guard
        // always waits for what it changed to be put back.
        var finalized = Set(guards.values.filter(\.hasFinalizer).map(\.name))
        for guardObject in guards.values.sorted(by: { $0.name < $1.name }) where !guardObject.deleting {
            let started = ContinuousClock.now
            if leader, !guardObject.hasFinalizer {
                do {
                    try await setFinalizer(guardObject, present: true)
                    finalized.insert(guardObject.name)
                } catch {
                    report.fail("adding the finalizer to \(guardObject.name)", error, verb: "patch", resource: "costguards")
                }
            }
            switch guardObject.spec {
            case .failure(let errors):
                await reportInvalid(guardObject, errors: errors, state: &state, leader: leader, now: now, report: &report)
            case .success(let spec):
                state.invalidReported[guardObject.name] = nil
                if state.runtimes[guardObject.name] == nil {
                    do {
                        state.runtimes[guardObject.name] = try GuardRuntime(guardObject: guardObject, spec: spec, now: now, client: client, logger: logger)
                    } catch {
                        let problem = SpecErrors([SpecError(field: "spec.signals.prometheus.url", problem: "\(error)")])
                        await reportInvalid(guardObject, errors: problem, state: &state, leader: leader, now: now, report: &report)
                        continue
                    }
                }
                guard var runtime = state.runtimes[guardObject.name] else { continue }
                guard runtime.isDue(at: now) else {
                    // A new leader acts at once on what its warm classifier last saw, instead of
                    // an interval later; Events for that evaluation were the old leader's to send.
                    if leader, !state.led, let latest = runtime.latest { takenOver.append((guardObject, latest)) }
                    continue
                }
                let evaluation = await runtime.evaluate(now: now, nodes: cache.nodes, nodeChanges: nodeChanges, hpas: hpas,
                                                        namespaces: namespaces)
                state.runtimes[guardObject.name] = runtime
                evaluated.append((guardObject, evaluation, ContinuousClock.now - started))
            }
        }

        state.led = leader
        let releasing = guards.values.filter { $0.deleting && $0.hasFinalizer }
        var enforcement: [String: StatusBuilder.Enforcement] = [:]
        var scaledObjectClaims: [ObjectRef: [HPAClaim]] = [:]
        // An HPA that names a guard which no longer exists is put back too, whatever removed the
        // guard. That reads every HPA, so it is looked for again only after an HPA or the set of
        // guards changed.
        let guardNames = Set(guards.keys)
        let orphaned: Bool
        if let known = state.orphanCheck, known.hpaChanges == hpaChanges, known.guards == guardNames {
            orphaned = known.orphaned
        } else {
            orphaned = hpas.objects.values.contains { !HPAAnnotations.guards(on: $0).isSubset(of: guardNames) }
            state.orphanCheck = (hpaChanges, guardNames, orphaned)
        }
        let acting = !evaluated.isEmpty || !takenOver.isEmpty || !releasing.isEmpty || orphaned
        if acting {
            enforcement = await enforce(runtimes: state.runtimes, guards: guards, finalized: finalized, hpas: hpas, leader: leader,
                                        now: now, memo: &state.convergences, scaledObjectClaims: &scaledObjectClaims, report: &report)
        }
        // Guards being deleted whose changes outside HPAs are not all undone yet.
        var holding: Set<String> = []
        if leader, acting {
            var external = await enforceDenyLists(runtimes: state.runtimes, guards: guards, now: now,
                                                  state: &state.externalObjects, report: &report)
            external.merge(await enforceExternalObjects(runtimes: state.runtimes, guards: guards, nodes: cache.nodes,
                                                        scaledObjectClaims: scaledObjectClaims, now: now,
                                                        state: &state.externalObjects, report: &report))
            for (name, failure) in external.failures { enforcement[name, default: .init()].failure = failure }
            for (name, problems) in external.unreadable { enforcement[name, default: .init()].unreadable = problems }
            for (name, refused) in external.denyRefused { enforcement[name, default: .init()].denyRefused = refused }
            // A deleted guard waits while an object still names it, or when some could not be read.
            holding.formUnion(releasing.map(\.name).filter { external.incomplete || state.externalObjects.holds($0) })
        }

        for (guardObject, evaluation) in takenOver {
            guard let runtime = state.runtimes[guardObject.name] else { continue }
            let status = StatusBuilder.build(guardObject, runtime: runtime, evaluation: evaluation,
                                             enforcement: enforcement[guardObject.name] ?? .init(), now: evaluation.at)
            await writeStatusIfChanged(guardObject, status, state: &state, report: &report)
        }
        for (guardObject, evaluation, evaluationTime) in evaluated {
            let started = ContinuousClock.now
            guard let runtime = state.runtimes[guardObject.name] else { continue }
            let status = StatusBuilder.build(guardObject, runtime: runtime, evaluation: evaluation,
                                             enforcement: enforcement[guardObject.name] ?? .init(), now: now)
            if leader {
                await writeStatusIfChanged(guardObject, status, state: &state, report: &report)
                await reportUnreadable(guardObject, enforcement[guardObject.name]?.unreadable ?? [], now: now, report: &report)
                for decision in evaluation.plan.changes {
                    let (reason, kind) = Self.eventReason(decision)
                    let note = runtime.spec.mode == .dryRun ? "DryRun, would have \(decision.description)" : decision.description
                    if await events.record(guardName: guardObject.name, uid: guardObject.uid, kind: kind, reason: reason,
                                           action: runtime.spec.mode == .dryRun ? "DryRun" : reason, note: note, now: now) {
                        report.events += 1
                    }
                }
            }
            let view = evaluation.cluster.view
            report.evaluated.append(CycleReport.GuardResult(
                name: guardObject.name, plan: evaluation.plan, rps: evaluation.signals.frame?.rps,
                frame: evaluation.signals.frame, signalFailures: evaluation.signals.failures, nodes: view.nodes,
                hourlySpend: view.hourlySpend, monthToDateSpend: view.monthToDateSpend,
                monthlyBudget: runtime.spec.caps.monthlyBudget?.double, status: status,
                duration: evaluationTime + (ContinuousClock.now - started)))
        }

        if leader { await release(releasing.filter { !holding.contains($0.name) }, report: &report) }
        for failure in report.failures { logger.warning("reconcile", metadata: ["failure": "\(failure)"]) }
        report.duration = ContinuousClock.now - passStarted
        observer.onCycle(report)
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

    /// A Warning Event for state read back that did not decode (the status's fields, a deny
    /// set's records): the StateUnreadable condition says it too, but is gone once rewritten.
    private func reportUnreadable(_ guardObject: GuardObject, _ denySets: [String], now: Date, report: inout CycleReport) async {
        let notes = (guardObject.statusProblems.isEmpty ? [] : [("StatusUnreadable", "status fields left out, the rest kept: "
                        + guardObject.statusProblems.joined(separator: "; "))])
            + denySets.map { ("DenyRecordsUnreadable", $0) }
        for (reason, note) in notes {
            logger.warning("state unreadable", metadata: ["guard": "\(guardObject.name)", "problem": "\(note)"])
            if await events.record(guardName: guardObject.name, uid: guardObject.uid, kind: .warning, reason: reason,
                                   action: "Read", note: note, now: now) {
                report.events += 1
            }
        }
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
                // Gone already, or changed: the next pass looks again.
            } catch {
                report.fail("removing the finalizer of \(guardObject.name)", error, verb: "patch", resource: "costguards")
            }
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
