import CostGuardAPI

/// The guard phases the metrics report: the status' phases.
package typealias GuardPhase = CostGuardStatus.Phase
