import CostGuardAPI
import Foundation
import GuardCore
import KubeModel

/// Builds a guard's status from its latest evaluation. Pure; conditions keep their
/// lastTransitionTime while their status stays the same.
enum StatusBuilder {
    /// What the enforcer found for one guard.
    struct Enforcement: Sendable, Hashable {
        /// HPA key → the guard whose lower ceiling is in force there instead of this one.
        var ceilingHeldBy: [String: String] = [:]
        /// Other guards that select some of the same HPAs.
        var overlapping: [String] = []
        /// The last write that failed, if any.
        var failure: String?
        /// Deny sets whose CostGuard records did not decode, with what was kept.
        var unreadable: [String] = []
        /// Deny entries left off for the annotation size bound.
        var denyRefused = 0
    }

    static func invalid(_ guardObject: GuardObject, errors: SpecErrors, now: Date) -> CostGuardStatus {
        var status = CostGuardStatus()
        status.observedGeneration = guardObject.generation
        status.phase = .invalid
        let first = errors.errors.first.map(\.description) ?? "invalid spec"
        status.message = "Invalid spec, nothing enforced: \(first)" + (errors.errors.count > 1 ? " (and \(errors.errors.count - 1) more)" : "")
        status.lastEvaluation = HPAAnnotations.text(now)
        status.conditions = merge([
            Condition(type: ConditionType.ready, status: .false, reason: "InvalidSpec",
                      message: String(errors.description.replacingOccurrences(of: "\n", with: "; ").prefix(1024)),
                      lastTransitionTime: HPAAnnotations.text(now), observedGeneration: guardObject.generation),
        ], previous: guardObject.status.conditions)
        return status
    }

    static func build(_ guardObject: GuardObject, runtime: GuardRuntime, evaluation: GuardEvaluation,
                      enforcement: Enforcement, now: Date) -> CostGuardStatus {
        let plan = evaluation.plan
        let spec = runtime.spec
        let dryRun = spec.mode == .dryRun
        let stamp = HPAAnnotations.text(now)
        let view = evaluation.cluster.view
        var status = CostGuardStatus()
        status.observedGeneration = guardObject.generation
        status.verdict = CostGuardStatus.VerdictStatus(
            class: plan.verdict.class.rawValue, score: (plan.verdict.score * 100).rounded() / 100,
            since: runtime.verdictSince.map(HPAAnnotations.text), reasons: Array(plan.verdict.reasonTexts.prefix(5)))
        status.nodes = view.nodes
        status.hourlySpend = money(view.hourlySpend)
        let ledger = runtime.ledger
        status.monthToDateSpend = money(ledger.monthToDate)
        status.spendMonth = ledger.month
        status.projectedMonthlySpend = money(ledger.monthToDate + view.hourlySpend * ledger.secondsToMonthEnd(from: now) / 3600)
        status.deniedCount = plan.denyList.count
        status.denyListRefused = enforcement.denyRefused > 0 ? enforcement.denyRefused : nil
        status.lastEvaluation = stamp
        status.pricing = runtime.pricingStatus

        let workloads = Dictionary(view.workloads.map { ("\($0.namespace)/\($0.name)", $0) }, uniquingKeysWith: { first, _ in first })
        var paused: [CostGuardStatus.PausedWorkload] = []
        if let reason = plan.pauseReason {
            let since = HPAAnnotations.text(runtime.pauseSince ?? now)
            for key in evaluation.cluster.hpaKeys {
                guard let workload = workloads[key] else { continue }
                if reason != .surge {
                    // A cap pauses only the workloads at their ceiling; the others may still grow to it.
                    guard let ceiling = plan.ceilings.first(where: { $0.namespace == workload.namespace && $0.name == workload.name }),
                          workload.replicas >= ceiling.maxReplicas else { continue }
                }
                paused.append(CostGuardStatus.PausedWorkload(
                    namespace: workload.namespace, name: workload.name, reason: reason.rawValue, since: since,
                    until: reason == .surge ? evaluation.pauseUntil.map(HPAAnnotations.text) : nil, dryRun: dryRun ? true : nil))
            }
        }
        status.paused = paused
        status.ceilings = plan.ceilings.map { ceiling in
            let key = "\(ceiling.namespace)/\(ceiling.name)"
            return CostGuardStatus.Ceiling(namespace: ceiling.namespace, name: ceiling.name, maxReplicas: ceiling.maxReplicas,
                                           originalMaxReplicas: workloads[key]?.maxReplicas ?? ceiling.maxReplicas,
                                           cap: ceiling.cap.rawValue, heldBy: enforcement.ceilingHeldBy[key])
        }
        status.ceiling = CostGuardStatus.ceilingSummary(status.ceilings ?? [], dryRun: dryRun)

        // A surge ceiling (the graded response) is the surge's, not a cap's.
        let surge = plan.verdict.class == .surge || plan.pauseReason == .surge || plan.ceilings.contains { $0.cap == .surge }
        let capped = plan.ceilings.contains { $0.cap != .surge } || (plan.pauseReason.map { $0 != .surge } ?? false)
        if evaluation.signals.frame == nil && !surge { status.phase = .degraded }
        else if surge { status.phase = .surge }
        else if capped { status.phase = .capReached }
        else if plan.verdict.class == .organic { status.phase = .organicGrowth }
        else { status.phase = .normal }
        status.message = message(plan: plan, status: status, dryRun: dryRun, signals: evaluation.signals, spec: spec)

        var conditions = [
            Condition(type: ConditionType.ready, status: .true, reason: "Evaluating",
                      message: "evaluated every \(spec.signals.interval)", lastTransitionTime: stamp),
            evaluation.signals.condition,
            // Stable words (the changing numbers are in status.verdict), so a surge is not a write per interval.
            surge ? Condition(type: ConditionType.surgeDetected, status: .true, reason: "SurgeVerdict",
                              message: "attack-like surge; scale-up paused, or held at the organic share, until the hold-down ends (see status.verdict)",
                              lastTransitionTime: stamp)
                  : Condition(type: ConditionType.surgeDetected, status: .false, reason: "NoSurge",
                              message: "verdict \(plan.verdict.class.rawValue)", lastTransitionTime: stamp),
            capped ? Condition(type: ConditionType.capReached, status: .true, reason: "CeilingHeld",
                               message: plan.ceilings.map { "\($0.namespace)/\($0.name) maxReplicas \($0.maxReplicas) (\($0.cap.rawValue))" }
                                   .joined(separator: "; "), lastTransitionTime: stamp)
                   : Condition(type: ConditionType.capReached, status: .false, reason: "UnderCaps",
                               message: "no replica ceiling needed", lastTransitionTime: stamp),
        ]
        if dryRun {
            conditions.append(Condition(type: ConditionType.enforcing, status: .false, reason: "DryRun",
                                        message: "mode DryRun: only this status and Events are written", lastTransitionTime: stamp))
        } else if let failure = enforcement.failure {
            conditions.append(Condition(type: ConditionType.enforcing, status: .false, reason: "WriteFailed",
                                        message: String(failure.prefix(1024)), lastTransitionTime: stamp))
        } else {
            conditions.append(Condition(type: ConditionType.enforcing, status: .true, reason: "Enforce",
                                        message: "decisions are written to the guarded HPAs", lastTransitionTime: stamp))
        }
        if !enforcement.overlapping.isEmpty {
            conditions.append(Condition(type: ConditionType.overlapping, status: .true, reason: "SharedWorkloads",
                                        message: "also guarded by \(enforcement.overlapping.joined(separator: ", ")): the most restrictive "
                                            + "pause and ceiling apply", lastTransitionTime: stamp))
        }
        let unreadable = guardObject.statusProblems + enforcement.unreadable
        if !unreadable.isEmpty {
            conditions.append(Condition(type: ConditionType.stateUnreadable, status: .true,
                                        reason: guardObject.statusProblems.isEmpty ? "UnreadableDenyRecords" : "UnreadableStatus",
                                        message: String(("kept what decoded; " + unreadable.joined(separator: "; ")).prefix(1024)),
                                        lastTransitionTime: stamp))
        }
        for index in conditions.indices { conditions[index].observedGeneration = guardObject.generation }
        status.conditions = merge(conditions, previous: guardObject.status.conditions)
        return status
    }

    /// Whether `new` differs from `old` in anything but the fields that move every interval
    /// (lastEvaluation, the spend accumulator, the score and reasons within the same verdict).
    static func differs(_ new: CostGuardStatus, from old: CostGuardStatus?) -> Bool {
        guard let old else { return true }
        return stable(new) != stable(old)
    }

    private static func stable(_ status: CostGuardStatus) -> CostGuardStatus {
        var status = status
        status.lastEvaluation = nil
        status.monthToDateSpend = nil
        status.projectedMonthlySpend = nil
        // Score and reasons move every interval (warmup counts its seconds); they are written
        // with the next change that matters.
        status.verdict?.score = 0
        status.verdict?.reasons = []
        return status
    }

    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func message(plan: Plan, status: CostGuardStatus, dryRun: Bool, signals: SignalReading,
                                spec: CostGuardSpec) -> String {
        let would = dryRun ? "DryRun, would have " : ""
        let pausedCount = status.paused?.count ?? 0
        switch status.phase {
        case .surge:
            return "Surge: \(would)paused scale-up of \(pausedCount) HPA\(pausedCount == 1 ? "" : "s")"
        case .capReached:
            return "Cap reached; \(would)held \(plan.ceilings.count) replica ceiling\(plan.ceilings.count == 1 ? "" : "s") "
                + "(\(status.nodes ?? 0) nodes, \(status.hourlySpend ?? "0") \(spec.pricing.currency)/h)"
        case .degraded:
            return "Signals unavailable (\(signals.failures.first ?? "no request rate")); no new surge pause, caps still held"
        case .organicGrowth: return "Organic growth: scaling as the HPAs decide"
        default: return "Normal: \(status.nodes ?? 0) nodes, \(status.hourlySpend ?? "0") \(spec.pricing.currency)/h"
        }
    }

    /// Keeps each condition's previous lastTransitionTime while its status is unchanged.
    static func merge(_ conditions: [Condition], previous: [Condition]?) -> [Condition] {
        conditions.map { condition in
            var condition = condition
            if let old = previous?.first(where: { $0.type == condition.type }), old.status == condition.status {
                condition.lastTransitionTime = old.lastTransitionTime
            }
            return condition
        }
    }
}
