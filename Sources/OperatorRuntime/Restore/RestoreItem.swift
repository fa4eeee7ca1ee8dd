import KubeModel

/// One object CostGuard changed, and what `costguard restore` does to put it back: a merge patch
/// to the recorded originals, a delete (a deny set CostGuard created and nobody else uses), or
/// nothing, with the reason (it is also held by a guard not being restored).
package struct RestoreItem: Sendable, Equatable {
    package enum Action: Sendable, Equatable {
        case patch(JSONValue)
        case delete
        case keep(String)
    }

    package var kind: String
    /// `namespace/name`, or `name` for a cluster-scoped object.
    package var object: String
    package var heldBy: [String]
    /// What restoring does, in words.
    package var change: String
    package var action: Action
    var resource: Resource
    var ref: ObjectRef

    package var isKept: Bool {
        if case .keep = action { return true }
        return false
    }
}
