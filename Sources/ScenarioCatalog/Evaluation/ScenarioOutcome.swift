/// How one guard did on one scenario of the evaluation catalogue.
package struct GuardOutcome: Sendable, Hashable {
    /// Attacks: a surge verdict (CostGuard) or a pause (the static guard) between onset and end.
    package var caught = false
    /// Frames from onset to that first detection.
    package var delayFrames: Int?
    /// Seconds scale-up was paused for a surge (selectPolicy Disabled).
    package var surgePausedSeconds = 0.0
    /// Seconds a surge ceiling (the graded response) held the workload.
    package var surgeCeilingSeconds = 0.0
    /// Real users' prefixes the deny list listed, and their requests it turned away.
    package var deniedLegitPrefixes = 0
    package var deniedLegitRequests = 0.0
    /// Attack prefixes listed.
    package var deniedAttackPrefixes = 0
    /// Share of real users' requests shed: within the attack window for attacks, over the run for organic.
    package var legitShedShare = 0.0
    /// Frames over a node or spend cap.
    package var capBreaches = 0
    /// Attacks: the cluster's spend from the attack's onset to the end of the run, in currency-hours.
    package var spendSinceOnset = 0.0
}

/// One scenario of a family, one seed, both guards.
package struct ScenarioOutcome: Sendable, Hashable {
    package var family: String
    package var seed: UInt64
    package var isAttack: Bool
    package var frames: Int
    /// The scenario's frames carry the rate alone (whatever signal set the run keeps).
    package var rateOnly = false
    package var costGuard = GuardOutcome()
    package var staticGuard = GuardOutcome()
    /// The same share for the cluster with no guard at all (what the traffic itself costs users).
    package var unguardedLegitShedShare = 0.0
    /// Attacks: the same spend with no guard, and with only the real users' traffic (the attack's
    /// cost is the difference between the two).
    package var unguardedSpendSinceOnset = 0.0
    package var legitOnlySpendSinceOnset = 0.0

    /// Attacks: what the attack added to the bill with no guard, and how much of that a guard paid
    /// anyway (currency-hours); nil when the attack cost nothing to begin with.
    package func attackSpend(_ outcome: GuardOutcome) -> (paid: Double, cost: Double)? {
        let cost = unguardedSpendSinceOnset - legitOnlySpendSinceOnset
        guard isAttack, cost > 1e-6 else { return nil }
        return (max(0, outcome.spendSinceOnset - legitOnlySpendSinceOnset), cost)
    }
}
