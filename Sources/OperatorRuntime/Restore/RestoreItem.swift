import KubeModel

/// One object CostGuard changed, and what `costguard restore` does to put it back: a merge patch
/// to the recorded originals, a delete (a deny set CostGuard created and nobody else uses), or
/// nothing, with the reason (it is also held by a guard not being restored).
public struct RestoreItem: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case patch(JSONValue)
        case delete
        case keep(String)
    }

    public var kind: String
    /// `namespace/name`, or `name` for a cluster-scoped object.
    public var object: String
    public var heldBy: [String]
    /// What restoring does, in words.
    public var change: String
    public var action: Action
    var resource: Resource
    var ref: ObjectRef

    public var isKept: Bool {
        if case .keep = action { return true }
        return false
    }
}
