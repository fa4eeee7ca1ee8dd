import CostGuardAPI
import KubeModel

/// A CostGuard as the operator reads it from its cache: identity, spec (parsed, or the reasons
/// it is invalid) and the status last written.
struct GuardObject: Sendable {
    static let finalizer = "costguard.dev/finalizer"

    var name: String
    /// Named in Events, so `kubectl describe` finds them by uid as well as by name.
    var uid: String?
    var generation: Int64
    var resourceVersion: String?
    var deleting: Bool
    var finalizers: [String]
    var specJSON: JSONValue
    var spec: Result<CostGuardSpec, SpecErrors>
    var status: CostGuardStatus
    /// Fields of the stored status that did not decode (left out of `status`), for the
    /// StateUnreadable condition and a Warning Event.
    var statusProblems: [String]
    var creationTimestamp: String?

    init(_ object: CustomObject) {
        let metadata = object.metadata
        name = metadata.name ?? ""
        uid = metadata.uid
        generation = metadata.generation ?? 0
        resourceVersion = metadata.resourceVersion
        deleting = metadata.deletionTimestamp != nil
        finalizers = metadata.finalizers ?? []
        creationTimestamp = metadata.creationTimestamp
        specJSON = object.json["spec"] ?? .object([:])
        do {
            spec = .success(try CostGuardSpec(json: specJSON))
        } catch {
            spec = .failure(error)
        }
        let reading = CostGuardStatus.read(object.json["status"])
        status = reading.status
        statusProblems = reading.problems
    }

    var hasFinalizer: Bool { finalizers.contains(Self.finalizer) }

    /// Enforce mode with a valid spec: the guard's decisions are written to the cluster.
    var enforcing: Bool {
        guard !deleting, case .success(let spec) = spec else { return false }
        return spec.mode == .enforce
    }
}
