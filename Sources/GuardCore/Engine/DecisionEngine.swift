import CostGuardAPI

/// The decision engine: a frame, the cluster view and the time in; a plan out. Pure: no I/O, no
/// clock, no logging. The operator, the replay and the demo all call this one engine.
package struct DecisionEngine: Sendable {
    package let policy: Policy
    package private(set) var classifier: SurgeClassifier
    private var surgePause: (since: Double, until: Double)?
    private var previous: Plan?
    /// The graded response in force: whether this surge is clear enough to pause outright, the
    /// organic rate its ceiling provides for (it only rises while the surge holds, so it does not
    /// flap), and each workload's replicas when the surge began (a ceiling never goes below them).
    private var outright = false
    private var organicRps: Double?
    private var surgeFloor: [String: Int] = [:]
    private var capacity = SurgeCeilingPlanner.Capacity()
    private let alphaCapacity: Double

    package init(policy: Policy) {
        self.policy = policy
        classifier = SurgeClassifier(settings: policy.classifier)
        alphaCapacity = alpha(interval: policy.interval, tau: 3600)
    }

    /// The clearest surges pause scale-up outright (selectPolicy Disabled): quality signals there,
    /// a near-certain score, the requests' outcomes saying attack and other clients or routes than
    /// usual (worse outcomes from the usual clients are what our own faults and retries look like).
    /// Every other surge gets the graded ceiling, and a rate-only one always does: the shape of a
    /// rise alone never says clearly enough that nobody real is behind it.
    /// Nor is a surge where most requests still buy as users do (`usersShare` at least
    /// `usersShareClear`): pausing it outright, or listing its heaviest prefixes, would turn away more
    /// users than attack, whatever the score.
    static func isClearest(_ verdict: Verdict) -> Bool {
        guard !verdict.rateOnly else { return false }
        if let users = verdict.usersShare, users >= usersShareClear { return false }
        return verdict.score >= 0.9 && verdict.outcomeEvidence >= 0.6 && verdict.changedEvidence >= 0.3
    }

    static let usersShareClear = 0.5

    /// Decides for the evaluation at `t`. A nil frame means the signals are missing: no new surge
    /// pause starts on missing data, a pause in force runs out its hold-down, and caps still hold.
    package mutating func decide(frame: SignalFrame?, cluster: ClusterView, t: Double) -> Plan {
        let verdict: Verdict
        if let frame {
            verdict = classifier.classify(frame)
        } else {
            verdict = Verdict(class: previous?.verdict.class == .warmup ? .warmup : .steady, score: 0, reasons: [.noSignals], rateOnly: false)
        }

        if verdict.class == .surge, policy.pauseScaleUp {
            if surgePause == nil {
                surgeFloor = Dictionary(cluster.workloads.map { ("\($0.namespace)/\($0.name)", $0.replicas) }, uniquingKeysWith: max)
            }
            surgePause = (since: surgePause?.since ?? t, until: t + policy.holdDown)
            if policy.pauseEverySurge || Self.isClearest(verdict) { outright = true }
        } else if let pause = surgePause, t >= pause.until {
            surgePause = nil
            outright = false
            organicRps = nil
        }
        let holding = surgePause != nil
        let replicas = cluster.workloads.reduce(0) { $0 + $1.replicas }
        if !holding, verdict.class == .steady, let frame, previous?.ceilings.isEmpty ?? true {
            capacity.learn(rps: frame.rps, replicas: replicas, alpha: alphaCapacity)
        }

        // The graded response: a ceiling at the organic share, unless this surge pauses outright
        // (or nothing is known yet of what a replica serves, when the pause is all there is).
        var surgeCeilings: [ReplicaCeiling] = []
        if holding, !outright {
            if let perReplica = capacity.known, let predicted = verdict.predictedRps ?? previous?.verdict.predictedRps {
                // Only a surge frame moves the estimate: through the hold-down the ceiling stays where
                // the last surge verdict put it.
                if verdict.class == .surge || organicRps == nil {
                    let rate = frame?.rps ?? predicted
                    organicRps = max(organicRps ?? 0, SurgeCeilingPlanner.organicRps(rps: rate, predicted: predicted, score: verdict.score,
                                                                                                usersShare: verdict.usersShare))
                }
                surgeCeilings = SurgeCeilingPlanner.ceilings(organicRps: organicRps!, perReplica: perReplica, view: cluster, floor: surgeFloor)
            } else if organicRps == nil {
                outright = true
            }
        }

        let limit = CapPlanner.allowedNodes(policy, cluster)
        let capCeilings = CapPlanner.ceilings(limit, cluster, previous: previous?.ceilings.filter { $0.cap != .surge } ?? [])
        var pauseReason: PauseReason? = holding && outright ? .surge : nil
        if pauseReason == nil, let ceiling = capCeilings.first(where: { ceiling in
            cluster.workloads.contains { $0.namespace == ceiling.namespace && $0.name == ceiling.name && $0.replicas >= ceiling.maxReplicas }
        }) {
            pauseReason = PauseReason(rawValue: ceiling.cap.rawValue)
        }
        let ceilings = Self.lower(capCeilings, surgeCeilings)

        // New deny entries need the evidence an outright pause needs: denying a real audience is
        // the costliest wrong call, and a graded verdict says part of the surge may be real.
        let denyList = DenyListPlanner.plan(current: previous?.denyList ?? [], frame: frame,
                                            surge: verdict.class == .surge && Self.isClearest(verdict),
                                            outcome: verdict.outcomeEvidence,
                                            holding: holding, t: t, history: classifier.sources, policy: policy,
                                            protected: cluster.protectedPrefixes)
        let tightened = policy.rateLimitEnabled && holding

        var plan = Plan(t: t, verdict: verdict, pauseReason: pauseReason, surgePauseUntil: outright ? surgePause?.until : nil,
                        ceilings: ceilings, denyList: denyList, rateLimitTightened: tightened, changes: [])
        plan.changes = Self.changes(from: previous, to: plan, limit: limit, policy: policy)
        previous = plan
        return plan
    }

    /// Per workload, the lower of a cap's ceiling and the surge's (the caps always hold).
    static func lower(_ caps: [ReplicaCeiling], _ surge: [ReplicaCeiling]) -> [ReplicaCeiling] {
        guard !surge.isEmpty else { return caps }
        var result = caps
        for ceiling in surge {
            if let index = result.firstIndex(where: { $0.namespace == ceiling.namespace && $0.name == ceiling.name }) {
                if ceiling.maxReplicas < result[index].maxReplicas { result[index] = ceiling }
            } else {
                result.append(ceiling)
            }
        }
        return result
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
