import CostGuardAPI

/// One frame of a replay: what the guard decided and what the guarded and unguarded clusters did.
package struct ReplayFrame: Sendable {
    package var t: Double
    package var rps: Double
    package var verdict: Verdict
    package var pauseReason: PauseReason?
    package var replicaCeiling: Int?
    /// What the ceiling holds: a cap, or the organic share of a surge (the graded response).
    package var ceilingCap: CapKind?
    package var denied: [IPPrefix]
    package var guarded: ReferenceCluster.Step
    package var unguarded: ReferenceCluster.Step
    package var changes: [Decision]
    /// With several guards: the guard whose ceiling is in force (nil with one guard).
    package var ceilingBy: String?
    /// With several guards: each guard's own plan this frame, in the replay's guard order (the
    /// scenario's guard first; empty with one guard, whose plan is `verdict` and `changes`).
    package var guardPlans: [GuardPlan] = []

    package var paused: Bool { pauseReason != nil }
    /// A surge is answered with a ceiling at its organic share rather than a pause.
    package var surgeCeiling: Bool { ceilingCap == .surge }

    package init(t: Double, rps: Double, verdict: Verdict, pauseReason: PauseReason?, replicaCeiling: Int?, denied: [IPPrefix],
                guarded: ReferenceCluster.Step, unguarded: ReferenceCluster.Step, changes: [Decision], ceilingCap: CapKind? = nil) {
        self.ceilingCap = ceilingCap
        self.t = t
        self.rps = rps
        self.verdict = verdict
        self.pauseReason = pauseReason
        self.replicaCeiling = replicaCeiling
        self.denied = denied
        self.guarded = guarded
        self.unguarded = unguarded
        self.changes = changes
    }
}

/// Totals for one run of the reference cluster.
package struct RunTotals: Sendable, Hashable {
    package var nodeHours = 0.0
    package var cost = 0.0
    package var peakNodes = 0
    package var peakHourlySpend = 0.0
    package var servedRequests = 0.0
    package var shedRequests = 0.0

    mutating func add(_ step: ReferenceCluster.Step, interval: Double) {
        nodeHours += Double(step.nodes) * interval / 3600
        cost += step.hourlySpend * interval / 3600
        peakNodes = max(peakNodes, step.nodes)
        peakHourlySpend = max(peakHourlySpend, step.hourlySpend)
        servedRequests += step.served * interval
        shedRequests += (step.admitted - step.served) * interval
    }
}

/// What a whole replay came to.
package struct ReplaySummary: Sendable {
    package var scenario: String
    package var frames = 0
    package var interval: Double
    package var firstSurgeAt: Double?
    package var firstPauseAt: Double?
    package var pausedSeconds = 0.0
    /// Seconds a surge ceiling (the graded response) held the workload instead of a pause.
    package var surgeCeilingSeconds = 0.0
    /// Frames whose verdict was judged from the rate alone.
    package var rateOnlyFrames = 0
    package var surgeSeconds = 0.0
    package var deniedPrefixes: Set<IPPrefix> = []
    /// Requests of the offered load turned away by the deny list.
    package var deniedRequests = 0.0
    package var guarded = RunTotals()
    package var unguarded = RunTotals()
    /// Frames in which nodes or hourly spend exceeded a cap (a guard that holds its caps has none).
    package var capBreaches = 0
    package var truth: ScenarioHeader.Truth?
    /// Real users' requests, counted from frames that carry their scoring-only truth.
    package var legit = LegitTotals()
    /// Whether any frame carried a truth (otherwise `legit` is all zero and says nothing).
    package var hasLegitTruth = false
    package var spec: CostGuardSpec
    package var currency: String { spec.pricing.currency }
    /// With several guards, one entry per guard in the replay's order (empty with one).
    package var guards: [GuardTotals] = []

    package init(scenario: String, interval: Double, truth: ScenarioHeader.Truth?, spec: CostGuardSpec) {
        self.scenario = scenario
        self.interval = interval
        self.truth = truth
        self.spec = spec
    }

    /// Counts one frame; `deniedRps` is the offered load the deny list turned away in it.
    package mutating func add(_ frame: ReplayFrame, deniedRps: Double) {
        frames += 1
        if frame.verdict.class == .surge {
            surgeSeconds += interval
            if firstSurgeAt == nil { firstSurgeAt = frame.t }
        }
        if frame.surgeCeiling { surgeCeilingSeconds += interval }
        if frame.verdict.rateOnly { rateOnlyFrames += 1 }
        if frame.paused {
            pausedSeconds += interval
            if firstPauseAt == nil { firstPauseAt = frame.t }
        }
        for prefix in frame.denied { deniedPrefixes.insert(prefix) }
        deniedRequests += deniedRps * interval
        guarded.add(frame.guarded, interval: interval)
        unguarded.add(frame.unguarded, interval: interval)
        let overNodes = spec.caps.maxNodes.map { frame.guarded.nodes > $0 } ?? false
        let overSpend = spec.caps.maxHourlySpend.map { frame.guarded.hourlySpend > $0.double + 1e-9 } ?? false
        if overNodes || overSpend { capBreaches += 1 }
        for (index, plan) in frame.guardPlans.enumerated() where index < guards.count {
            if plan.pauseReason != nil { guards[index].pausedSeconds += interval }
            if plan.verdict == .surge { guards[index].surgeSeconds += interval }
            let inForce = plan.ceiling != nil && frame.ceilingBy == plan.guardName
            if inForce { guards[index].ceilingInForceSeconds += interval }
            guards[index].last = plan
            guards[index].lastHeldBy = plan.ceiling != nil && !inForce ? frame.ceilingBy : nil
        }
    }

    /// Counts one frame's legit load from its truth (scoring only).
    mutating func addLegit(_ legitRps: Double, deniedLegitRps: Double, guarded: ReferenceCluster.Step,
                           unguarded: ReferenceCluster.Step, t: Double) {
        hasLegitTruth = true
        let inWindow = truth.map { t >= ($0.onset ?? 0) && t <= ($0.end ?? .infinity) } ?? false
        legit.add(legitRps: legitRps, deniedLegitRps: deniedLegitRps, guarded: guarded, unguarded: unguarded,
                  interval: interval, inWindow: inWindow)
    }

    /// Counts a denied source's traffic in one frame as the attacker's or real users'.
    mutating func countDenied(_ source: SourceRate, attack: Bool) {
        if attack {
            legit.deniedAttackRequests += source.rps * interval
            legit.deniedAttackPrefixes.insert(source.prefix)
        } else {
            legit.deniedLegitRequests += source.rps * interval
            legit.deniedLegitPrefixes.insert(source.prefix)
        }
    }

    /// Seconds from the truth's onset to the first surge verdict at or after it (scoring only).
    package var detectionDelay: Double? {
        guard let onset = truth?.onset, let first = firstSurgeAt, first >= onset - interval else { return nil }
        return max(0, first - onset)
    }
}
