import KubeModel

/// One object CostGuard does not own (a Traefik Middleware, a KEDA ScaledObject, a Karpenter
/// NodePool, ...) converged to the claims of the guards in force on it: the merge patch to send
/// (nil when it is already as it should be), what the patch does in words, and who holds it.
/// Built by pure functions, like `HPAConvergence`; the values replaced are recorded on the
/// object so any instance, or a person with kubectl, can put them back.
struct ObjectConvergence: Sendable, Equatable {
    var patch: JSONValue?
    var summary: [String]
    /// Guards whose claims are in force on the object; empty once it is restored.
    var heldBy: [String]
}

/// Marks CostGuard leaves on the objects it changed.
enum ExternalMarks {
    /// A label on every object CostGuard changed and has not restored yet: one labelled LIST
    /// per kind finds them all after a restart, a spec change or a guard's deletion.
    static let changedLabel = "costguard.dev/changed"
    static let changedValue = "true"
}
