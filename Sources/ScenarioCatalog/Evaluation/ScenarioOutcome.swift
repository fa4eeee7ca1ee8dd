/// How one guard did on one scenario of the evaluation catalogue.
public struct GuardOutcome: Sendable, Hashable {
    /// Attacks: a surge verdict (CostGuard) or a pause (the static guard) between onset and end.
    public var caught = false
    /// Frames from onset to that first detection.
    public var delayFrames: Int?
    /// Seconds scale-up was paused for a surge (selectPolicy Disabled).
    public var surgePausedSeconds = 0.0
    /// Seconds a surge ceiling (the graded response) held the workload.
    public var surgeCeilingSeconds = 0.0
    /// Real users' prefixes the deny list listed, and their requests it turned away.
    public var deniedLegitPrefixes = 0
    public var deniedLegitRequests = 0.0
    /// Attack prefixes listed.
    public var deniedAttackPrefixes = 0
    /// Share of real users' requests shed: within the attack window for attacks, over the run for organic.
    public var legitShedShare = 0.0
    /// Frames over a node or spend cap.
    public var capBreaches = 0
}

/// One scenario of a family, one seed, both guards.
public struct ScenarioOutcome: Sendable, Hashable {
    public var family: String
    public var seed: UInt64
    public var isAttack: Bool
    public var frames: Int
    public var costGuard = GuardOutcome()
    public var staticGuard = GuardOutcome()
    /// The same share for the cluster with no guard at all (what the traffic itself costs users).
    public var unguardedLegitShedShare = 0.0
}
