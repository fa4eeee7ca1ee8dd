import CostGuardAPI
import GuardCore

extension OperatorMetrics {
    /// Records what the reconcile loop did until nothing was due: each guard's evaluation and its
    /// reconcile time, the actions its plan changed (applied, dry-run or failed), the reconciles
    /// and their retries, API errors and leadership.
    package func record(_ report: CycleReport) {
        setLeader(report.leader)
        for reconcile in report.reconciles { recordReconcile(kind: reconcile.kind, retried: reconcile.retried) }
        for name in report.removedGuards { forget(guard: name) }
        for error in report.apiErrors { recordAPIError(verb: error.verb, resource: error.resource, code: error.code) }
        for result in report.evaluated {
            let status = result.status
            recordEvaluation(Evaluation(
                guardName: result.name, score: result.plan.verdict.score, verdict: result.plan.verdict.class,
                phase: status.phase ?? .normal, nodes: result.nodes, hourlySpend: result.hourlySpend,
                pausedWorkloads: status.paused?.count ?? 0, deniedPrefixes: result.plan.denyList.count,
                monthToDateSpend: result.monthToDateSpend, monthlyBudget: result.monthlyBudget))
            recordReconcile(duration: result.duration)
            // A standby decides too, but acts on nothing.
            guard report.leader else { continue }
            let outcome: ActionResult
            switch status.condition(ConditionType.enforcing)?.reason {
            case "DryRun": outcome = .dryRun
            case "WriteFailed": outcome = .failed
            default: outcome = .applied
            }
            for decision in result.plan.changes {
                recordAction(guard: result.name, kind: Self.kind(of: decision), result: outcome)
            }
        }
    }

    static func kind(of decision: Decision) -> ActionKind {
        switch decision {
        case .pauseScaleUp: .pause
        case .resumeScaleUp: .resume
        case .setCeiling: .setCeiling
        case .liftCeiling: .liftCeiling
        case .deny: .deny
        case .expire: .expire
        case .tightenRateLimit: .tightenRateLimit
        case .restoreRateLimit: .restoreRateLimit
        }
    }
}
