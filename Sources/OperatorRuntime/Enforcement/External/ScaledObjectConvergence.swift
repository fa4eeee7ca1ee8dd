import Foundation
import KubeModel

/// A KEDA ScaledObject, and who holds it.
struct ScaledObjectResult: Sendable, Equatable {
    var convergence: ObjectConvergence
    /// Guards whose pause is in force, and the guard whose ceiling is.
    var pausedBy: [String]
    var ceilingBy: String?
}

/// A KEDA ScaledObject (keda.sh/v1alpha1) converged to the claims of the guards on the HPA it
/// owns. KEDA rewrites the HPA it manages from the ScaledObject, so a change made to that HPA is
/// reverted: the pause and the ceiling go on the ScaledObject instead. Same rules as
/// `HPAConvergence`: any pause pauses, the lowest ceiling holds, a recorded pause outlives a
/// restart until its hold-down ends, and the values replaced are recorded on the object.
///
/// - A pause sets `autoscaling.keda.sh/paused-scale-out: "true"`, which KEDA turns into
///   `behavior.scaleUp.selectPolicy: Disabled` on the HPA (the HPA pause, through KEDA).
/// - A ceiling lowers `spec.maxReplicaCount` (KEDA's default, when unset, is 100), never below
///   `spec.minReplicaCount` nor 1: KEDA refuses a ScaledObject whose min is above its max, and
///   an HPA's maxReplicas is at least 1.
enum ScaledObjectConvergence {
    /// KEDA's annotation that disables scale-out on the HPA it manages.
    static let pausedScaleOut = "autoscaling.keda.sh/paused-scale-out"
    /// `paused-scale-out` before the pause; empty when it was absent. Not written when the user
    /// had already paused scale-out: that pause is theirs, and stays.
    static let originalPausedScaleOut = "costguard.dev/original-paused-scale-out"
    /// The maxReplicaCount CostGuard set, and the one it replaced (empty when unset).
    static let maxReplicaCount = "costguard.dev/max-replica-count"
    static let originalMaxReplicaCount = "costguard.dev/original-max-replica-count"
    /// KEDA's `maxReplicaCount` when the field is absent.
    static let defaultMaxReplicaCount = 100

    static let all = [HPAAnnotations.pausedBy, HPAAnnotations.pausedReason, HPAAnnotations.pausedSince,
                      HPAAnnotations.pausedUntil, originalPausedScaleOut, HPAAnnotations.ceilingBy,
                      HPAAnnotations.ceilingCap, maxReplicaCount, originalMaxReplicaCount]

    static func converge(scaledObject: JSONValue, claims: [HPAClaim], now: Date) -> ScaledObjectResult {
        let object = ExternalObject(scaledObject)
        let annotations = object.annotations

        // A recorded pause holds until its hold-down ends (as on an HPA).
        let pauses = HPAClaim.pausesInForce(claims, annotations: annotations, now: now)
        let pausedBy = pauses.map(\.0)

        var wanted: [String: String] = [:]
        var summary: [String] = []

        // Scale-out pause.
        let currentPause = annotations[pausedScaleOut]
        let originalPause = originalPausedScaleOut(annotations: annotations)
        let userPaused = isTrue(originalPause)
        let wantedPause: String?
        if !pauses.isEmpty {
            wantedPause = userPaused ? originalPause : "true"
            if !userPaused { wanted[originalPausedScaleOut] = originalPause ?? "" }
            HPAClaim.recordPauses(pauses, in: &wanted, current: annotations)
        } else {
            wantedPause = originalPause
        }
        if wantedPause != currentPause {
            summary.append(pauses.isEmpty ? "scale-out resumed" : "scale-out paused (\(pausedScaleOut))")
        }

        // Ceiling.
        let spec = scaledObject["spec"]
        let currentMax = spec?["maxReplicaCount"]?.intValue.map { Int($0) }
        let originalMax = originalMaxReplicaCount(annotations: annotations, current: currentMax)
        let floor = max(1, spec?["minReplicaCount"]?.intValue.map { Int($0) } ?? 0)
        let ceiling = claims.compactMap { claim in claim.ceiling.map { (claim.guardName, $0) } }
            .min { ($0.1.maxReplicas, $0.0) < ($1.1.maxReplicas, $1.0) }
        var wantedMax = originalMax
        var ceilingBy: String?
        if let (holder, claim) = ceiling, max(floor, claim.maxReplicas) < originalMax ?? defaultMaxReplicaCount {
            let target = max(floor, claim.maxReplicas)
            wantedMax = target
            ceilingBy = holder
            wanted[HPAAnnotations.ceilingBy] = holder
            wanted[HPAAnnotations.ceilingCap] = claim.cap
            wanted[maxReplicaCount] = String(target)
            wanted[originalMaxReplicaCount] = originalMax.map(String.init) ?? ""
        }
        var specPatch: [String: JSONValue] = [:]
        if wantedMax != currentMax {
            specPatch["maxReplicaCount"] = wantedMax.map { .int(Int64($0)) } ?? .null
            let from = currentMax.map(String.init) ?? "unset (\(defaultMaxReplicaCount))"
            if ceilingBy != nil, let wantedMax {
                summary.append("maxReplicaCount \(from) → \(wantedMax)")
            } else {
                summary.append("maxReplicaCount restored to " + (wantedMax.map(String.init) ?? "unset (\(defaultMaxReplicaCount))"))
            }
        }

        let marked = !wanted.isEmpty
        wanted[pausedScaleOut] = wantedPause
        if summary.isEmpty, !pauses.isEmpty, let until = wanted[HPAAnnotations.pausedUntil],
           let recorded = annotations[HPAAnnotations.pausedUntil], until != recorded {
            summary.append("hold-down extended to \(until)")
        }
        let patch = object.patch(keys: all + [pausedScaleOut], wanted: wanted, marked: marked, spec: specPatch)
        let heldBy = Array(Set(pausedBy + [ceilingBy].compactMap { $0 })).sorted()
        return ScaledObjectResult(convergence: ObjectConvergence(patch: patch, summary: summary, heldBy: heldBy),
                                  pausedBy: pausedBy, ceilingBy: ceilingBy)
    }

    /// The ScaledObject that owns an HPA (its name, in the HPA's namespace), from the HPA's
    /// `metadata.ownerReferences`; nil when KEDA does not manage it. Reads the raw object:
    /// `KubeModel.ObjectMeta` does not carry ownerReferences.
    static func owner(ofHPA hpa: JSONValue) -> String? {
        owner(of: try? hpa.value(atPath: "metadata.ownerReferences")?.decode(as: [OwnerReference].self))
    }

    static func owner(of references: [OwnerReference]?) -> String? {
        references?.first { $0.kind == "ScaledObject" && $0.apiVersion.hasPrefix("keda.sh/") }?.name
    }

    /// `paused-scale-out` to restore (nil: absent): the recorded original while CostGuard's
    /// pause is in place, else what is there now (the rule of `HPAAnnotations.originalSelectPolicy`).
    static func originalPausedScaleOut(annotations: [String: String]) -> String? {
        let current = annotations[pausedScaleOut]
        guard annotations[HPAAnnotations.pausedBy] != nil, current == "true",
              let original = annotations[originalPausedScaleOut] else { return current }
        return original.isEmpty ? nil : original
    }

    /// `spec.maxReplicaCount` to restore (nil: unset): the recorded original while CostGuard's
    /// value is still in place, else what is there now (someone changed it since: theirs stands).
    static func originalMaxReplicaCount(annotations: [String: String], current: Int?) -> Int? {
        guard let set = annotations[maxReplicaCount].flatMap({ Int($0) }), set == current,
              let original = annotations[originalMaxReplicaCount] else { return current }
        return original.isEmpty ? nil : (Int(original) ?? current)
    }

    /// Whether KEDA reads the annotation as a pause (a Go boolean that is true).
    static func isTrue(_ value: String?) -> Bool {
        ["1", "t", "T", "TRUE", "true", "True"].contains(value ?? "")
    }
}
