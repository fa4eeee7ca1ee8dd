import CostGuardAPI

/// A CostGuard spec turned into the numbers the engine works with.
package struct Policy: Sendable, Hashable {
    package var spec: CostGuardSpec
    package var interval: Double
    package var classifier: SurgeClassifier.Settings
    package var holdDown: Double
    package var maxNodes: Int?
    package var maxHourlySpend: Double?
    package var monthlyBudget: Double?
    // The actions' settings, copied out once: reading them through the spec every frame copied
    // the whole actions struct (its lists and strings) on the engine's hot path.
    package var pauseScaleUp: Bool
    /// `actions.pauseScaleUp.response: Pause`: every surge pauses outright, no graded ceiling.
    package var pauseEverySurge: Bool
    package var denyListEnabled: Bool
    package var denyTTL: Double
    package var denyMaxEntries: Int
    package var neverDeny: [IPPrefix]
    package var rateLimitEnabled: Bool

    /// `interval` is the evaluation period: the scenario's, or the guard's `signals.interval` live.
    package init(spec: CostGuardSpec, interval: Double? = nil) {
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
