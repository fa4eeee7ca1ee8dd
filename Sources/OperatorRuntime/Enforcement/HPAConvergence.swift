import Foundation
import GuardCore
import KubeModel

/// The state an HPA should be in, given every Enforce-mode claim on it, as a merge patch from
/// the state it is in. Pure: the same inputs give the same patch, and an HPA already in that
/// state gives none, so repeating it is harmless. The most restrictive claim wins: any pause
/// pauses, and the lowest ceiling holds.
struct HPAConvergence: Sendable, Equatable {
    /// Guards whose pause is in force, and the guard whose ceiling is.
    var pausedBy: [String]
    var ceilingBy: String?
    var maxReplicas: Int
    /// The merge patch to send, or nil when the HPA is already as it should be.
    var patch: JSONValue?
    /// What the patch does, in words, for logs and Events.
    var summary: [String]

    static let untilSlack: TimeInterval = 60

    /// Sets scale-up's selectPolicy. Restoring an unset one removes what the pause added and
    /// nothing else: a `scaleUp` (and a `behavior`) that hold nothing but that policy go whole,
    /// so an HPA that had no behavior has none again, not an empty `behavior: {scaleUp: {}}`.
    static func behaviorPatch(policy: String?, current: HorizontalPodAutoscalerBehavior?) -> JSONValue {
        if let policy { return ["scaleUp": ["selectPolicy": .string(policy)]] }
        let scaleUp = current?.scaleUp
        guard scaleUp?.stabilizationWindowSeconds == nil, scaleUp?.policies == nil else { return ["scaleUp": ["selectPolicy": .null]] }
        return current?.scaleDown == nil ? .null : ["scaleUp": .null]
    }

    init(hpa: HorizontalPodAutoscaler, claims: [HPAClaim], now: Date) {
        let annotations = hpa.metadata.annotations ?? [:]
        let originalMax = HPAAnnotations.originalMaxReplicas(of: hpa)
        let originalPolicy = HPAAnnotations.originalSelectPolicy(of: hpa)

        // A surge pause recorded on the HPA outlives the process that made it: a guard that
        // still claims this HPA keeps it until its recorded hold-down ends.
        let pauses = HPAClaim.pausesInForce(claims, annotations: annotations, now: now)
        pausedBy = pauses.map(\.0)

        // The lowest ceiling holds, chosen as the replay chooses it (GuardCore's ClaimMerge).
        let ceiling = ClaimMerge.lowest(claims.compactMap { claim in claim.ceiling.map { (claim.guardName, $0) } }) { ($0.0, $0.1.maxReplicas) }
        // The API rejects a maxReplicas under minReplicas. The engine already keeps its ceilings
        // at or above the minReplicas it saw; this holds when someone raised it since.
        let floor = min(max(Int(hpa.spec.minReplicas ?? 1), 1), originalMax)
        maxReplicas = ceiling.map { max(min($0.1.maxReplicas, originalMax), floor) } ?? originalMax
        ceilingBy = maxReplicas < originalMax ? ceiling?.0 : nil

        var wanted = annotations
        for key in HPAAnnotations.all { wanted.removeValue(forKey: key) }
        var policy = originalPolicy
        var summary: [String] = []
        if !pauses.isEmpty {
            policy = ScalingPolicySelect.disabled.rawValue
            HPAClaim.recordPauses(pauses, in: &wanted, current: annotations)
            wanted[HPAAnnotations.originalSelectPolicy] = originalPolicy ?? ""
        }
        if let (holder, claim) = ceiling, maxReplicas < originalMax {
            wanted[HPAAnnotations.ceilingBy] = holder
            wanted[HPAAnnotations.ceilingCap] = claim.cap
            wanted[HPAAnnotations.ceiling] = String(maxReplicas)
            wanted[HPAAnnotations.originalMaxReplicas] = String(originalMax)
        }

        var spec: [String: JSONValue] = [:]
        if maxReplicas != Int(hpa.spec.maxReplicas) {
            spec["maxReplicas"] = .int(Int64(maxReplicas))
            summary.append(maxReplicas < originalMax ? "maxReplicas \(hpa.spec.maxReplicas) → \(maxReplicas)"
                                                     : "maxReplicas restored to \(maxReplicas)")
        }
        let currentPolicy = hpa.spec.behavior?.scaleUp?.selectPolicy?.rawValue
        if policy != currentPolicy {
            spec["behavior"] = Self.behaviorPatch(policy: policy, current: hpa.spec.behavior)
            summary.append(pauses.isEmpty ? "scale-up resumed" : "scale-up paused (selectPolicy Disabled)")
        }
        var metadata: [String: JSONValue] = [:]
        var annotationPatch: [String: JSONValue] = [:]
        for key in HPAAnnotations.all where wanted[key] != annotations[key] {
            annotationPatch[key] = wanted[key].map { .string($0) } ?? .null
        }
        if !annotationPatch.isEmpty { metadata["annotations"] = .object(annotationPatch) }
        if summary.isEmpty, !pauses.isEmpty, let until = wanted[HPAAnnotations.pausedUntil],
           until != annotations[HPAAnnotations.pausedUntil] {
            summary.append("hold-down extended to \(until)")
        }
        self.summary = summary
        guard !spec.isEmpty || !metadata.isEmpty else {
            patch = nil
            return
        }
        // The resourceVersion makes the write conditional: if the HPA changed since it was read,
        // the API answers 409 and the next evaluation starts again from what is there.
        if let version = hpa.metadata.resourceVersion { metadata["resourceVersion"] = .string(version) }
        var body: [String: JSONValue] = ["metadata": .object(metadata)]
        if !spec.isEmpty { body["spec"] = .object(spec) }
        patch = .object(body)
    }
}
