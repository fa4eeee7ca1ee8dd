import CostGuardAPI

/// One frame of a replay: what the guard decided and what the guarded and unguarded clusters did.
public struct ReplayFrame: Sendable {
    public var t: Double
    public var rps: Double
    public var verdict: Verdict
    public var pauseReason: PauseReason?
    public var replicaCeiling: Int?
    /// What the ceiling holds: a cap, or the organic share of a surge (the graded response).
    public var ceilingCap: CapKind?
    public var denied: [IPPrefix]
    public var guarded: ReferenceCluster.Step
    public var unguarded: ReferenceCluster.Step
    public var changes: [Decision]

    public var paused: Bool { pauseReason != nil }
    /// A surge is answered with a ceiling at its organic share rather than a pause.
    public var surgeCeiling: Bool { ceilingCap == .surge }

    public init(t: Double, rps: Double, verdict: Verdict, pauseReason: PauseReason?, replicaCeiling: Int?, denied: [IPPrefix],
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
public struct RunTotals: Sendable, Hashable {
    public var nodeHours = 0.0
    public var cost = 0.0
    public var peakNodes = 0
    public var peakHourlySpend = 0.0
    public var servedRequests = 0.0
    public var shedRequests = 0.0

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
public struct ReplaySummary: Sendable {
    public var scenario: String
    public var frames = 0
    public var interval: Double
    public var firstSurgeAt: Double?
    public var firstPauseAt: Double?
    public var pausedSeconds = 0.0
    /// Seconds a surge ceiling (the graded response) held the workload instead of a pause.
    public var surgeCeilingSeconds = 0.0
    /// Frames whose verdict was judged from the rate alone.
    public var rateOnlyFrames = 0
    public var surgeSeconds = 0.0
    public var deniedPrefixes: Set<IPPrefix> = []
    /// Requests of the offered load turned away by the deny list.
    public var deniedRequests = 0.0
    public var guarded = RunTotals()
    public var unguarded = RunTotals()
    /// Frames in which nodes or hourly spend exceeded a cap (a guard that holds its caps has none).
    public var capBreaches = 0
    public var truth: ScenarioHeader.Truth?
    /// Real users' requests, counted from frames that carry their scoring-only truth.
    public var legit = LegitTotals()
    /// Whether any frame carried a truth (otherwise `legit` is all zero and says nothing).
    public var hasLegitTruth = false
    public var spec: CostGuardSpec
    public var currency: String { spec.pricing.currency }

    public init(scenario: String, interval: Double, truth: ScenarioHeader.Truth?, spec: CostGuardSpec) {
        self.scenario = scenario
        self.interval = interval
        self.truth = truth
        self.spec = spec
    }

    /// Counts one frame; `deniedRps` is the offered load the deny list turned away in it.
    public mutating func add(_ frame: ReplayFrame, deniedRps: Double) {
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
    public var detectionDelay: Double? {
        guard let onset = truth?.onset, let first = firstSurgeAt, first >= onset - interval else { return nil }
        return max(0, first - onset)
    }
}
