/// The phase a CostGuard reports in `status.phase` (and in `costguard_guard_phase`).
public enum GuardPhase: String, Sendable, Hashable, CaseIterable {
    case normal = "Normal"
    case organicGrowth = "OrganicGrowth"
    case surge = "Surge"
    case capReached = "CapReached"
    case degraded = "Degraded"
    case invalid = "Invalid"
}
