import Foundation
import KubeModel

/// The `costguard.dev/` annotations that record, on the HPA itself, what CostGuard changed and
/// the values it replaced: any operator instance (or a person with kubectl) can restore them.
enum HPAAnnotations {
    /// Guards pausing scale-up, comma-separated.
    static let pausedBy = "costguard.dev/paused-by"
    static let pausedReason = "costguard.dev/paused-reason"
    static let pausedSince = "costguard.dev/paused-since"
    /// When a surge pause's hold-down ends: a restarted operator keeps the pause until then.
    static let pausedUntil = "costguard.dev/paused-until"
    /// `spec.behavior.scaleUp.selectPolicy` before the pause; empty when it was unset.
    static let originalSelectPolicy = "costguard.dev/original-scale-up-select-policy"
    /// The guard whose ceiling is in force, the cap it holds, and the maxReplicas it set.
    static let ceilingBy = "costguard.dev/ceiling-by"
    static let ceilingCap = "costguard.dev/ceiling-cap"
    static let ceiling = "costguard.dev/max-replicas"
    /// `spec.maxReplicas` before the ceiling.
    static let originalMaxReplicas = "costguard.dev/original-max-replicas"

    static let all = [pausedBy, pausedReason, pausedSince, pausedUntil, originalSelectPolicy,
                      ceilingBy, ceilingCap, ceiling, originalMaxReplicas]

    /// The HPA's own maxReplicas: the recorded original while a ceiling holds, unless someone
    /// changed maxReplicas since CostGuard set it (their value is then the one to restore).
    static func originalMaxReplicas(of hpa: HorizontalPodAutoscaler) -> Int {
        let current = Int(hpa.spec.maxReplicas)
        let annotations = hpa.metadata.annotations ?? [:]
        guard let set = annotations[ceiling].flatMap({ Int($0) }), set == current,
              let original = annotations[originalMaxReplicas].flatMap({ Int($0) }) else { return current }
        return original
    }

    /// The scale-up select policy to restore (nil: unset), by the same rule.
    static func originalSelectPolicy(of hpa: HorizontalPodAutoscaler) -> String? {
        let current = hpa.spec.behavior?.scaleUp?.selectPolicy?.rawValue
        let annotations = hpa.metadata.annotations ?? [:]
        guard annotations[pausedBy] != nil, current == ScalingPolicySelect.disabled.rawValue,
              let original = annotations[originalSelectPolicy] else { return current }
        return original.isEmpty ? nil : original
    }

    /// Guards named in the HPA's annotations (pausing it or holding its ceiling).
    static func guards(on hpa: HorizontalPodAutoscaler) -> Set<String> {
        guard let annotations = hpa.metadata.annotations, annotations[pausedBy] != nil || annotations[ceilingBy] != nil else { return [] }
        return Set([annotations[pausedBy], annotations[ceilingBy]].compactMap { $0 }
            .flatMap { $0.split(separator: ",").map(String.init) })
    }

    static func time(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }

    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
