package struct HorizontalPodAutoscalerBehavior: Codable, Sendable, Hashable {
    package var scaleUp: HPAScalingRules?
    package var scaleDown: HPAScalingRules?

    package init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

package struct HPAScalingRules: Codable, Sendable, Hashable {
    package var stabilizationWindowSeconds: Int32?
    /// `Max`, `Min` or `Disabled`; `Disabled` turns scaling in this direction off.
    package var selectPolicy: ScalingPolicySelect?
    package var policies: [HPAScalingPolicy]?

    package init(stabilizationWindowSeconds: Int32? = nil, selectPolicy: ScalingPolicySelect? = nil,
                policies: [HPAScalingPolicy]? = nil) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
    }
}

/// An open set of strings, so a value a newer API adds still decodes.
package struct ScalingPolicySelect: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let max = Self(rawValue: "Max")
    package static let min = Self(rawValue: "Min")
    package static let disabled = Self(rawValue: "Disabled")
}

package struct HPAScalingPolicy: Codable, Sendable, Hashable {
    /// `Pods` or `Percent`.
    package var type: String
    package var value: Int32
    package var periodSeconds: Int32

    package init(type: String, value: Int32, periodSeconds: Int32) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }
}
