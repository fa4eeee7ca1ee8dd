import CostGuardAPI

/// The guard phases the metrics report: the status' phases.
public typealias GuardPhase = CostGuardStatus.Phase
