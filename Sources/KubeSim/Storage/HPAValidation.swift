import KubeModel

/// The HorizontalPodAutoscaler rules kube-apiserver enforces that a writer can break by
/// accident: replica bounds and scaling policy names. Without them a client that lowers
/// `maxReplicas` below `minReplicas` would pass here and fail on a real cluster.
enum HPAValidation {
    static let key = ResourceKey(group: "autoscaling", plural: "horizontalpodautoscalers")
    static let selectPolicies = ["Disabled", "Max", "Min"]

    static func check(_ type: ResourceType, _ value: JSONValue, name: String) throws {
        guard type.key == key else { return }
        let minReplicas = value.value(atPath: "spec.minReplicas")?.intValue
        let maxReplicas = value.value(atPath: "spec.maxReplicas")?.intValue ?? 0
        if let minReplicas, minReplicas < 1 {
            throw APIFailure.invalid(type, name, field: "spec.minReplicas",
                                     "Invalid value: \(minReplicas): must be greater than or equal to 1")
        }
        if maxReplicas < 1 {
            throw APIFailure.invalid(type, name, field: "spec.maxReplicas", "Invalid value: \(maxReplicas): must be greater than 0")
        }
        if let minReplicas, maxReplicas < minReplicas {
            throw APIFailure.invalid(type, name, field: "spec.maxReplicas",
                                     "Invalid value: \(maxReplicas): must be greater than or equal to `minReplicas`")
        }
        for direction in ["scaleUp", "scaleDown"] {
            let field = "spec.behavior.\(direction).selectPolicy"
            guard let policy = value.value(atPath: field)?.stringValue, !selectPolicies.contains(policy) else { continue }
            throw APIFailure.invalid(type, name, field: field, "Unsupported value: \"\(policy)\": supported values: "
                                     + selectPolicies.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }
}
