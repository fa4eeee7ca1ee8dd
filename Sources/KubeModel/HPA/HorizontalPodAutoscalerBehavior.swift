public struct HorizontalPodAutoscalerBehavior: Codable, Sendable, Hashable {
    public var scaleUp: HPAScalingRules?
    public var scaleDown: HPAScalingRules?

    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

public struct HPAScalingRules: Codable, Sendable, Hashable {
    public var stabilizationWindowSeconds: Int32?
    /// `Max`, `Min` or `Disabled`; `Disabled` turns scaling in this direction off.
    public var selectPolicy: ScalingPolicySelect?
    public var policies: [HPAScalingPolicy]?

    public init(stabilizationWindowSeconds: Int32? = nil, selectPolicy: ScalingPolicySelect? = nil,
                policies: [HPAScalingPolicy]? = nil) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
    }
}

/// An open set of strings, so a value a newer API adds still decodes.
public struct ScalingPolicySelect: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let max = Self(rawValue: "Max")
    public static let min = Self(rawValue: "Min")
    public static let disabled = Self(rawValue: "Disabled")
}

public struct HPAScalingPolicy: Codable, Sendable, Hashable {
    /// `Pods` or `Percent`.
    public var type: String
    public var value: Int32
    public var periodSeconds: Int32

    public init(type: String, value: Int32, periodSeconds: Int32) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }
}
