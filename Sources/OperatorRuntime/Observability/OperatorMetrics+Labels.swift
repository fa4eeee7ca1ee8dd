import GuardCore

extension OperatorMetrics {
    /// What an actuator did, the `kind` label of `costguard_actions_total`. Open: new kinds are a
    /// `static let` away.
    public struct ActionKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let pause = ActionKind(rawValue: "pause")
        public static let resume = ActionKind(rawValue: "resume")
        public static let setCeiling = ActionKind(rawValue: "set_ceiling")
        public static let liftCeiling = ActionKind(rawValue: "lift_ceiling")
        public static let deny = ActionKind(rawValue: "deny")
        public static let expire = ActionKind(rawValue: "expire")
        public static let tightenRateLimit = ActionKind(rawValue: "tighten_rate_limit")
        public static let restoreRateLimit = ActionKind(rawValue: "restore_rate_limit")
    }

    /// How an action ended, the `result` label of `costguard_actions_total`.
    public enum ActionResult: String, Sendable, Hashable, CaseIterable {
        case applied
        case dryRun = "dry_run"
        case failed
    }

    /// One evaluation of one guard, as the gauges show it.
    public struct Evaluation: Sendable, Hashable {
        public var guardName: String
        public var score: Double
        public var verdict: Verdict.Class
        public var phase: GuardPhase
        public var nodes: Int
        /// Estimated spend per hour, in the guard's currency.
        public var hourlySpend: Double
        public var pausedWorkloads: Int
        public var deniedPrefixes: Int
        /// Spend so far this calendar month, and the guard's monthly budget (nil: none set).
        public var monthToDateSpend: Double
        public var monthlyBudget: Double?

        public init(guardName: String, score: Double, verdict: Verdict.Class, phase: GuardPhase, nodes: Int,
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
