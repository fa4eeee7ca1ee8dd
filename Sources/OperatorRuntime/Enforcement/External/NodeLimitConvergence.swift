import KubeModel

/// What one Enforce-mode guard wants of a node pool: at most `limit` nodes in it.
struct NodeLimitClaim: Sendable, Hashable {
    var guardName: String
    var limit: Int
}

/// Node provisioners held to a guard's `caps.maxNodes`: Karpenter NodePools through
/// `spec.limits.nodes`, Cluster API MachineDeployments through the cluster autoscaler's max-size
/// annotation. The lowest claim wins, never over a stricter value the user already has; the
/// value replaced is recorded on the object and put back when no claim is left.
enum NodeLimitConvergence {
    /// The value before CostGuard lowered it, as text; empty when it was absent.
    static let originalLimit = "costguard.dev/original-node-limit"
    /// The value CostGuard set: while the object still holds it, the recorded original stands.
    static let limit = "costguard.dev/node-limit"
    /// Guards whose claims are in force, sorted, comma-separated.
    static let heldBy = "costguard.dev/node-limit-by"

    static let all = [originalLimit, limit, heldBy]

    /// The cluster autoscaler's node-group bounds on a MachineDeployment (integer strings).
    static let maxSize = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"
    static let minSize = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"

    // MARK: Karpenter

    /// A Karpenter NodePool (karpenter.sh/v1). `spec.limits` is a resource list (resource name
    /// to quantity; the schema takes an integer or a quantity string) and `nodes` counts the
    /// pool's nodes. CostGuard writes the same JSON type the field already has, a string
    /// (a quantity's own form) when it is absent. `cpu`, `memory` and any other limit are left
    /// alone. A `nodes` limit CostGuard added is removed on restore, and `limits` with it when
    /// nothing else is left in it.
    static func nodePool(_ object: JSONValue, claims: [NodeLimitClaim]) -> ObjectConvergence {
        let meta = ExternalObject(object)
        let limits = object.value(atPath: "spec.limits")?.objectValue ?? [:]
        let current = limits["nodes"]
        let currentText = current.flatMap(text(of:))
        let originalText = original(recorded: meta.annotations, current: currentText)
        let guards = Array(Set(claims.map(\.guardName))).sorted()
        let claimed = claims.map(\.limit).min().map { max(0, $0) }

        // No limit is no bound; a quantity that is not a whole count CostGuard can compare is
        // left as it is rather than risk loosening it.
        let bound: Int?? = originalText.map { nodeCount($0) }
        let held: Bool
        switch (claimed, bound) {
        case (.some, nil): held = true
        case (let claimed?, let count??): held = claimed < count
        default: held = false
        }

        var wanted: [String: String] = [:]
        let wantedText = held ? String(claimed!) : originalText
        if held {
            wanted[originalLimit] = originalText ?? ""
            wanted[limit] = wantedText
            wanted[heldBy] = guards.joined(separator: ",")
        }
        var spec: [String: JSONValue] = [:]
        var summary: [String] = []
        if wantedText != currentText {
            if let wantedText {
                let isInt = if case .int = current { true } else { false }
                let value: JSONValue = isInt ? Int64(wantedText).map { .int($0) } ?? .string(wantedText) : .string(wantedText)
                spec["limits"] = .object(["nodes": value])
            } else {
                spec["limits"] = limits.keys.allSatisfy({ $0 == "nodes" }) ? .null : .object(["nodes": .null])
            }
            summary.append(held ? "limits.nodes \(currentText ?? "unset") → \(wantedText!)"
                                : "limits.nodes restored to \(wantedText ?? "unset")")
        } else if claimed != nil, !held, let originalText, bound == .some(nil) {
            summary.append("limits.nodes \(originalText) is not a whole node count; nothing tightened")
        }
        return ObjectConvergence(patch: meta.patch(keys: all, wanted: wanted, marked: held, spec: spec),
                                 summary: summary, heldBy: held ? guards : [])
    }

    // MARK: Cluster API

    /// A Cluster API MachineDeployment (cluster.x-k8s.io/v1beta1) sized by the cluster
    /// autoscaler, which reads the node group's bounds from the min-size and max-size
    /// annotations (integer strings) and manages only objects that have them.
    ///
    /// The max-size annotation goes down to the claim, but never below min-size: the autoscaler
    /// refuses bounds with max below min, and would stop managing the group altogether (no scale
    /// down either). It may go below the current replicas: the autoscaler does not enforce its
    /// bounds, so it removes no machine for it, stops adding any, and still scales the group down
    /// as nodes become unneeded, so the group drifts back under the cap. Clamping to the replicas
    /// instead would let a group that is over the cap keep its size at best.
    ///
    /// A MachineDeployment without a max-size annotation is not autoscaled: adding one would turn
    /// autoscaling on (or make the bounds invalid), so nothing is written.
    static func machineDeployment(_ object: JSONValue, claims: [NodeLimitClaim]) -> ObjectConvergence {
        let meta = ExternalObject(object)
        let annotations = meta.annotations
        guard let currentText = annotations[maxSize], let currentMax = Int(currentText) else {
            let patch = meta.patch(keys: all, wanted: [:], marked: false, spec: [:])
            return ObjectConvergence(patch: patch,
                                     summary: claims.isEmpty ? [] : ["no autoscaler max-size annotation to lower; nothing tightened"],
                                     heldBy: [])
        }
        let originalText = original(recorded: annotations, current: currentText).flatMap { Int($0) == nil ? nil : $0 } ?? currentText
        let originalMax = Int(originalText) ?? currentMax
        let floor = max(0, annotations[minSize].flatMap { Int($0) } ?? 0)
        let guards = Array(Set(claims.map(\.guardName))).sorted()
        let target = claims.map(\.limit).min().map { max(floor, $0) }
        let held = target.map { $0 < originalMax } ?? false

        var wanted: [String: String] = [maxSize: held ? String(target!) : originalText]
        if held {
            wanted[originalLimit] = originalText
            wanted[limit] = String(target!)
            wanted[heldBy] = guards.joined(separator: ",")
        }
        var summary: [String] = []
        if wanted[maxSize] != currentText {
            summary.append(held ? "autoscaler max-size \(currentText) → \(target!)" : "autoscaler max-size restored to \(originalText)")
        }
        return ObjectConvergence(patch: meta.patch(keys: all + [maxSize], wanted: wanted, marked: held, spec: [:]),
                                 summary: summary, heldBy: held ? guards : [])
    }

    // MARK: Sharing a cap between pools

    /// The node limit of each matched pool (name to its current node count): its count plus
    /// the headroom left under the cap, `max(0, maxNodes - countedNodes)`.
    ///
    /// Each provisioner enforces its own limit and none knows about the others, nor can CostGuard
    /// tell which pool the next pending pod will land in; so every pool may grow by the whole
    /// headroom, and no pool can grow by more. Whichever pool grows, it alone cannot take the
    /// counted nodes past `maxNodes`; and as soon as it has, the next evaluation sees no headroom
    /// and every limit equals its pool's count, so no pool adds another node. Within one
    /// evaluation interval several pools growing at once can together overshoot the cap by up
    /// to (pools - 1) x headroom; splitting the headroom between pools would close that, at the
    /// price of starving the one pool that actually needs to grow. A pool already over the cap
    /// keeps its nodes (limits stop provisioning, they remove nothing).
    static func limits(maxNodes: Int, countedNodes: Int, pools: [String: Int]) -> [String: Int] {
        let headroom = max(0, maxNodes - countedNodes)
        return pools.mapValues { max(0, $0) + headroom }
    }

    // MARK: Reading values

    /// The recorded original while CostGuard's value is still in place, else what is there now.
    private static func original(recorded annotations: [String: String], current: String?) -> String? {
        guard let set = annotations[limit], set == current, let original = annotations[originalLimit] else { return current }
        return original.isEmpty ? nil : original
    }

    /// A resource-list value as text: an integer or a quantity string.
    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .int(let number): String(number)
        case .string(let text): text
        case .double(let number): number.rounded() == number ? String(Int64(number)) : String(number)
        default: nil
        }
    }

    /// The whole number of nodes a quantity allows (a limit of 2.5 nodes admits 2), or nil when
    /// the text is not a Kubernetes quantity (read by KubeModel's `Quantity`, as HPA metrics are).
    static func nodeCount(_ text: String) -> Int? {
        guard let value = Quantity.value(text) else { return nil }
        let count = value.rounded(.down)
        guard count < 9.0e18 else { return Int.max }
        return max(0, Int(count))
    }
}
