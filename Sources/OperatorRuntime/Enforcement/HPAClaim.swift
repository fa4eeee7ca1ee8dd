import Foundation

/// What one Enforce-mode guard wants of one HPA it selects. A claim with neither a pause nor a
/// ceiling still counts: it lets a pause recorded before a restart run out its hold-down.
struct HPAClaim: Sendable, Hashable {
    struct Pause: Sendable, Hashable {
        var reason: String
        var since: Date
        /// The end of a surge pause's hold-down; nil while a cap holds it.
        var until: Date?
    }

    struct Ceiling: Sendable, Hashable {
        var maxReplicas: Int
        var cap: String
    }

    var guardName: String
    var pause: Pause?
    var ceiling: Ceiling?
}
