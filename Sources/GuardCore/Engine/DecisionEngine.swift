import CostGuardAPI

/// The decision engine: a frame, the cluster view and the time in; a plan out. Pure: no I/O, no
/// clock, no logging. The operator, the replay and the demo all call this one engine.
public struct DecisionEngine: Sendable {
    public let policy: Policy
    public private(set) var classifier: SurgeClassifier
    private var surgePause: (since: Double, until: Double)?
    private var previous: Plan?

    public init(policy: Policy) {
        self.policy = policy
        classifier = SurgeClassifier(settings: policy.classifier)
    }

    /// Decides for the evaluation at `t`. A nil frame means the signals are missing: no new surge
    /// pause starts on missing data, a pause in force runs out its hold-down, and caps still hold.
    public mutating func decide(frame: SignalFrame?, cluster: ClusterView, t: Double) -> Plan {
        let verdict: Verdict
        if let frame {
            verdict = classifier.classify(frame)
        } else {
            verdict = Verdict(class: previous?.verdict.class == .warmup ? .warmup : .steady, score: 0, reasons: [.noSignals], rateOnly: false)
        }

        if verdict.class == .surge, policy.pauseScaleUp {
            surgePause = (since: surgePause?.since ?? t, until: t + policy.holdDown)
        } else if let pause = surgePause, t >= pause.until {
            surgePause = nil
        }
        let holding = surgePause != nil

        let limit = CapPlanner.allowedNodes(policy, cluster)
        let ceilings = CapPlanner.ceilings(limit, cluster, previous: previous?.ceilings ?? [])
        var pauseReason: PauseReason? = holding ? .surge : nil
        if pauseReason == nil, let ceiling = ceilings.first(where: { ceiling in
            cluster.workloads.contains { $0.namespace == ceiling.namespace && $0.name == ceiling.name && $0.replicas >= ceiling.maxReplicas }
        }) {
            pauseReason = PauseReason(rawValue: ceiling.cap.rawValue)
        }

        let denyList = DenyListPlanner.plan(current: previous?.denyList ?? [], frame: frame, surge: verdict.class == .surge,
                                            holding: holding, t: t, history: classifier.sources, policy: policy,
                                            protected: cluster.protectedPrefixes)
        let tightened = policy.rateLimitEnabled && holding

        var plan = Plan(t: t, verdict: verdict, pauseReason: pauseReason, surgePauseUntil: surgePause?.until,
                        ceilings: ceilings, denyList: denyList, rateLimitTightened: tightened, changes: [])
        plan.changes = Self.changes(from: previous, to: plan, limit: limit, policy: policy)
        previous = plan
        return plan
    }

    /// What differs from the previous plan, each change with its reason.
    static func changes(from old: Plan?, to new: Plan, limit: CapPlanner.Limit?, policy: Policy) -> [Decision] {
        var changes: [Decision] = []
        if old?.pauseReason != new.pauseReason {
            if let reason = old?.pauseReason, new.pauseReason == nil { changes.append(.resumeScaleUp(after: reason)) }
            if let reason = new.pauseReason { changes.append(.pauseScaleUp(reason, because: new.verdict.reasons)) }
        }
        let oldCeilings = old?.ceilings ?? []
        for ceiling in new.ceilings where !oldCeilings.contains(ceiling) {
            changes.append(.setCeiling(ceiling, nodesAllowed: limit?.nodes ?? 0))
        }
        for ceiling in oldCeilings where !new.ceilings.contains(where: { $0.namespace == ceiling.namespace && $0.name == ceiling.name }) {
            changes.append(.liftCeiling(namespace: ceiling.namespace, name: ceiling.name))
        }
        let oldList = old?.denyList ?? []
        // Both lists are sorted by prefix: equal membership is the common case and needs no sets.
        let sameMembers = oldList.count == new.denyList.count && zip(oldList, new.denyList).allSatisfy { $0.prefix == $1.prefix }
        if !sameMembers {
            let oldDenied = Set(oldList.map(\.prefix))
            let newDenied = Set(new.denyList.map(\.prefix))
            for entry in new.denyList where !oldDenied.contains(entry.prefix) {
                changes.append(.deny(entry.prefix, rps: entry.rps, expiresAt: entry.expiresAt))
            }
            for prefix in oldDenied.subtracting(newDenied).sorted() { changes.append(.expire(prefix)) }
        }
        if new.rateLimitTightened != (old?.rateLimitTightened ?? false) {
            let limits = policy.spec.actions.rateLimit
            changes.append(new.rateLimitTightened ? .tightenRateLimit(average: limits.surgeAverage, burst: limits.surgeBurst) : .restoreRateLimit)
        }
        return changes
    }
}
