import KubeModel

/// What one Enforce-mode guard wants of a Traefik Middleware's `spec.rateLimit` during a surge:
/// the guard's `actions.rateLimit.surgeAverage` and `surgeBurst`.
struct RateLimitClaim: Sendable, Hashable {
    var guardName: String
    var average: Int
    var burst: Int
}

/// A Traefik Middleware (traefik.io/v1alpha1) converged to the rate-limit claims in force on it.
///
/// Traefik's `spec.rateLimit.average` and `burst` are integers; `average` 0 (its default) means
/// no limit, and `burst` defaults to 1. The rate is `average / period`: the claim's numbers are
/// written as they are and `period` is left alone, so they count per the Middleware's own period.
/// The most restrictive claim wins, and never over a stricter value the user already has: a field
/// already at or below every claim is not written, recorded or restored.
enum RateLimitConvergence {
    /// The field's value before CostGuard tightened it, as text; empty when it was absent.
    static let originalAverage = "costguard.dev/original-rate-limit-average"
    static let originalBurst = "costguard.dev/original-rate-limit-burst"
    /// The values CostGuard set: while the field still holds it, the recorded original stands.
    static let average = "costguard.dev/rate-limit-average"
    static let burst = "costguard.dev/rate-limit-burst"
    /// Guards whose claims are in force, sorted, comma-separated.
    static let heldBy = "costguard.dev/rate-limit-by"

    static let all = [originalAverage, originalBurst, average, burst, heldBy]

    static func converge(middleware: JSONValue, claims: [RateLimitClaim]) -> ObjectConvergence {
        let object = ExternalObject(middleware)
        guard case .object(let rateLimit)? = middleware.value(atPath: "spec.rateLimit") else {
            // Creating a limit from nothing would change what the user configured; only marks
            // left from an earlier write (the rateLimit was removed since) are cleaned up.
            let patch = object.patch(keys: all, wanted: [:], marked: false, spec: [:])
            return ObjectConvergence(patch: patch, summary: claims.isEmpty ? [] : ["middleware has no rateLimit; nothing tightened"],
                                     heldBy: [])
        }
        let guards = Array(Set(claims.map(\.guardName))).sorted()
        let fields = [
            Field(name: "average", value: rateLimit["average"], setKey: average, originalKey: originalAverage,
                  claimed: claims.map(\.average).min(), unset: Int.max, annotations: object.annotations),
            Field(name: "burst", value: rateLimit["burst"], setKey: burst, originalKey: originalBurst,
                  claimed: claims.map(\.burst).min(), unset: 1, annotations: object.annotations),
        ]
        let held = fields.contains(where: \.held)

        var wanted: [String: String] = [:]
        var rateLimitPatch: [String: JSONValue] = [:]
        for field in fields {
            if field.held {
                wanted[field.originalKey] = field.original.map(String.init) ?? ""
                wanted[field.setKey] = String(field.wanted!)
            }
            if field.changes { rateLimitPatch[field.name] = field.wanted.map { .int(Int64($0)) } ?? .null }
        }
        if held { wanted[heldBy] = guards.joined(separator: ",") }

        var summary: [String] = []
        let changed = fields.filter(\.changes)
        if held, !changed.isEmpty {
            summary.append("rateLimit " + changed.map { "\($0.name) \(text($0.current)) → \(text($0.wanted))" }.joined(separator: ", "))
        } else if !changed.isEmpty {
            summary.append("rateLimit restored (" + changed.map { "\($0.name) \(text($0.wanted))" }.joined(separator: ", ") + ")")
        }
        let spec: [String: JSONValue] = rateLimitPatch.isEmpty ? [:] : ["rateLimit": .object(rateLimitPatch)]
        return ObjectConvergence(patch: object.patch(keys: all, wanted: wanted, marked: held, spec: spec),
                                 summary: summary, heldBy: held ? guards : [])
    }

    private static func text(_ value: Int?) -> String { value.map(String.init) ?? "unset" }

    /// One of `average` and `burst`: its current value, the value to restore, and what to write.
    private struct Field {
        var name: String
        var setKey: String
        var originalKey: String
        var current: Int?
        /// The user's own value: the recorded original while CostGuard's value is still in
        /// place, else whatever is there now (someone changed it since: theirs stands).
        var original: Int?
        var wanted: Int?
        var held: Bool

        /// `unset` is what Traefik does without the field (or with 0): no limit for average,
        /// 1 for burst.
        init(name: String, value: JSONValue?, setKey: String, originalKey: String, claimed: Int?, unset: Int,
             annotations: [String: String]) {
            self.name = name
            self.setKey = setKey
            self.originalKey = originalKey
            current = value?.intValue.map { Int($0) }
            if let set = annotations[setKey].flatMap({ Int($0) }), set == current, let recorded = annotations[originalKey] {
                original = recorded.isEmpty ? nil : (Int(recorded) ?? current)
            } else {
                original = current
            }
            let effective = original.flatMap { $0 > 0 ? $0 : nil } ?? unset
            if let claimed, claimed < effective {
                wanted = claimed
                held = true
            } else {
                wanted = original
                held = false
            }
        }

        var changes: Bool { wanted != current }
    }
}

/// The metadata of an object CostGuard does not own, and the merge patch that leaves CostGuard's
/// marks on it (or takes them off): shared by the external convergences.
struct ExternalObject: Sendable {
    var object: JSONValue
    var annotations: [String: String]
    var labels: [String: String]

    init(_ object: JSONValue) {
        self.object = object
        annotations = object.value(atPath: "metadata.annotations")?.stringMap ?? [:]
        labels = object.value(atPath: "metadata.labels")?.stringMap ?? [:]
    }

    /// The merge patch that sets each annotation in `keys` to its `wanted` value (removing those
    /// without one), puts `ExternalMarks.changedLabel` on while `marked` and takes it off
    /// otherwise, and carries `spec`; nil when the object already is so. The resourceVersion
    /// makes the write conditional: a 409 sends the next evaluation back to what is there.
    func patch(keys: [String], wanted: [String: String], marked: Bool, spec: [String: JSONValue]) -> JSONValue? {
        var metadata: [String: JSONValue] = [:]
        var annotationPatch: [String: JSONValue] = [:]
        for key in keys where wanted[key] != annotations[key] {
            annotationPatch[key] = wanted[key].map { .string($0) } ?? .null
        }
        if !annotationPatch.isEmpty { metadata["annotations"] = .object(annotationPatch) }
        let label = labels[ExternalMarks.changedLabel]
        if marked, label != ExternalMarks.changedValue {
            metadata["labels"] = .object([ExternalMarks.changedLabel: .string(ExternalMarks.changedValue)])
        } else if !marked, label != nil {
            metadata["labels"] = .object([ExternalMarks.changedLabel: .null])
        }
        guard !metadata.isEmpty || !spec.isEmpty else { return nil }
        if let version = object.value(atPath: "metadata.resourceVersion")?.stringValue {
            metadata["resourceVersion"] = .string(version)
        }
        var body: [String: JSONValue] = ["metadata": .object(metadata)]
        if !spec.isEmpty { body["spec"] = .object(spec) }
        return .object(body)
    }
}
