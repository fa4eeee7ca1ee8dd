import CostGuardAPI

/// A CostGuard spec turned into the numbers the engine works with.
public struct Policy: Sendable, Hashable {
    public var spec: CostGuardSpec
    public var interval: Double
    public var classifier: SurgeClassifier.Settings
    public var holdDown: Double
    public var maxNodes: Int?
    public var maxHourlySpend: Double?
    public var monthlyBudget: Double?
    // The actions' settings, copied out once: reading them through the spec every frame copied
    // the whole actions struct (its lists and strings) on the engine's hot path.
    public var pauseScaleUp: Bool
    /// `actions.pauseScaleUp.response: Pause`: every surge pauses outright, no graded ceiling.
    public var pauseEverySurge: Bool
    public var denyListEnabled: Bool
    public var denyTTL: Double
    public var denyMaxEntries: Int
    public var neverDeny: [IPPrefix]
    public var rateLimitEnabled: Bool

    /// `interval` is the evaluation period: the scenario's, or the guard's `signals.interval` live.
    public init(spec: CostGuardSpec, interval: Double? = nil) {
        self.spec = spec
        self.interval = interval ?? spec.signals.interval.seconds
        classifier = SurgeClassifier.Settings(interval: self.interval, detection: spec.detection)
        holdDown = spec.detection.holdDown.seconds
        maxNodes = spec.caps.maxNodes
        maxHourlySpend = spec.caps.maxHourlySpend?.double
        monthlyBudget = spec.caps.monthlyBudget?.double
        pauseScaleUp = spec.actions.pauseScaleUp.enabled
        pauseEverySurge = spec.actions.pauseScaleUp.response == .pause
        denyListEnabled = spec.actions.denyList.enabled
        denyTTL = spec.actions.denyList.ttl.seconds
        denyMaxEntries = spec.actions.denyList.maxEntries
        neverDeny = spec.actions.denyList.neverDeny
        rateLimitEnabled = spec.actions.rateLimit.enabled
    }
}
