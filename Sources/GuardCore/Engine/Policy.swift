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

    /// `interval` is the evaluation period: the scenario's, or the guard's `signals.interval` live.
    public init(spec: CostGuardSpec, interval: Double? = nil) {
        self.spec = spec
        self.interval = interval ?? spec.signals.interval.seconds
        classifier = SurgeClassifier.Settings(interval: self.interval, detection: spec.detection)
        holdDown = spec.detection.holdDown.seconds
        maxNodes = spec.caps.maxNodes
        maxHourlySpend = spec.caps.maxHourlySpend?.double
        monthlyBudget = spec.caps.monthlyBudget?.double
    }
}
