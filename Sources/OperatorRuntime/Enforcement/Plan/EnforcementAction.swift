import KubeClient
import KubeModel

/// One write the enforcer makes, decided before any is made (decisions as data, as Karpenter's
/// commands): what to send to which object, what it does in words, who asked for it and who
/// still holds the object if it does not land. The enforcer's planners return lists of these for
/// every kind it touches (HPAs, deny sets, Middlewares, ScaledObjects, NodePools,
/// MachineDeployments), and one function carries any of them out.
struct EnforcementAction: Sendable, Equatable {
    enum Verb: Sendable, Equatable {
        case create(JSONValue)
        /// A JSON merge patch.
        case patch(JSONValue)
        case delete
    }

    /// The kind's key in `ExternalObjectsState.marked` (`hpas` for HPAs, which are not marked).
    var kindKey: String
    /// `HorizontalPodAutoscaler`, `GlobalNetworkSet`, ...: for the log and the report.
    var kind: String
    var resource: Resource
    var ref: ObjectRef
    var verb: Verb
    /// What changes (`paused scale-up`, `ceiling 12`, `+3 CIDRs`): the report's line and the log's.
    var summary: [String]
    /// The guards whose claims the write carries: they hear of it if it fails.
    var claimants: [String]
    /// The guards in force on the object once written (a pause's, a rate limit's holders).
    var heldBy: [String]
    /// The guards that still hold the object if the write does not land (what it records now):
    /// a deleted guard keeps its finalizer while one is left.
    var heldIfUnwritten: [String]

    static let hpaKindKey = "hpas"

    /// The line the report and the demo print: `namespace/name: what changes`, HPAs without
    /// their kind as they always were.
    var reportLine: String {
        let what = summary.isEmpty ? (verb == .delete ? "deleted" : "annotations updated") : summary.joined(separator: ", ")
        return kindKey == Self.hpaKindKey ? "\(ref): \(what)" : "\(kind) \(ref): \(what)"
    }
}
