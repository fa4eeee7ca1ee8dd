import CostGuardAPI

/// One guard's plan in a replay with several guards: what it wants of the workload, and what
/// changed in it since its previous plan.
package struct GuardPlan: Sendable {
    package var guardName: String
    package var verdict: Verdict.Class
    package var pauseReason: PauseReason?
    package var ceiling: ReplicaCeiling?
    package var changes: [Decision]
}

/// Per guard in a replay with several: how long its pause and its ceiling were in force, and its
/// state at the last frame (`costguard report` shows it as `kubectl get costguards` would).
package struct GuardTotals: Sendable {
    package var guardName: String
    /// A DryRun guard's ceiling is only reported (`status.ceiling` says so).
    package var dryRun: Bool
    /// Seconds its plan paused scale-up (any guard's pause pauses the workload).
    package var pausedSeconds = 0.0
    /// Seconds its ceiling was the one in force (the lowest).
    package var ceilingInForceSeconds = 0.0
    /// Seconds its verdict was a surge.
    package var surgeSeconds = 0.0
    package var last: GuardPlan?
    /// At the last frame, the guard whose lower ceiling holds instead of this one's.
    package var lastHeldBy: String?
    /// The workload's own maxReplicas, what a ceiling is read against.
    package var originalMaxReplicas: Int

    /// `status.ceiling` as the operator would write it for this guard at the last frame.
    package var ceilingText: String? {
        guard let last, let ceiling = last.ceiling else { return nil }
        return CostGuardStatus.ceilingSummary([CostGuardStatus.Ceiling(
            namespace: ceiling.namespace, name: ceiling.name, maxReplicas: ceiling.maxReplicas, originalMaxReplicas: originalMaxReplicas,
            cap: ceiling.cap.rawValue, heldBy: lastHeldBy)], dryRun: dryRun)
    }
}
