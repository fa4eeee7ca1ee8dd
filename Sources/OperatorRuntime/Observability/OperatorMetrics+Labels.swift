import GuardCore

extension OperatorMetrics {
    /// What an actuator did, the `kind` label of `costguard_actions_total`. Open: new kinds are a
    /// `static let` away.
    package struct ActionKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        package static let pause = ActionKind(rawValue: "pause")
        package static let resume = ActionKind(rawValue: "resume")
        package static let setCeiling = ActionKind(rawValue: "set_ceiling")
        package static let liftCeiling = ActionKind(rawValue: "lift_ceiling")
        package static let deny = ActionKind(rawValue: "deny")
        package static let expire = ActionKind(rawValue: "expire")
        package static let tightenRateLimit = ActionKind(rawValue: "tighten_rate_limit")
        package static let restoreRateLimit = ActionKind(rawValue: "restore_rate_limit")
    }

    /// How an action ended, the `result` label of `costguard_actions_total`.
    package enum ActionResult: String, Sendable, Hashable, CaseIterable {
        case applied
        case dryRun = "dry_run"
        case failed
    }

    /// One evaluation of one guard, as the gauges show it.
    package struct Evaluation: Sendable, Hashable {
        package var guardName: String
        package var score: Double
        package var verdict: Verdict.Class
        package var phase: GuardPhase
        package var nodes: Int
        /// Estimated spend per hour, in the guard's currency.
        package var hourlySpend: Double
        package var pausedWorkloads: Int
        package var deniedPrefixes: Int
        /// Spend so far this calendar month, and the guard's monthly budget (nil: none set).
        package var monthToDateSpend: Double
        package var monthlyBudget: Double?

        package init(guardName: String, score: Double, verdict: Verdict.Class, phase: GuardPhase, nodes: Int,
                    hourlySpend: Double, pausedWorkloads: Int, deniedPrefixes: Int, monthToDateSpend: Double = 0,
                    monthlyBudget: Double? = nil) {
            self.guardName = guardName
            self.score = score
            self.verdict = verdict
            self.phase = phase
            self.nodes = nodes
            self.hourlySpend = hourlySpend
            self.pausedWorkloads = pausedWorkloads
            self.deniedPrefixes = deniedPrefixes
            self.monthToDateSpend = monthToDateSpend
            self.monthlyBudget = monthlyBudget
        }
    }
}
