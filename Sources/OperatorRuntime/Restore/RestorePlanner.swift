import Foundation
import KubeModel

/// What restoring each changed object takes, from the object alone: the same convergences the
/// operator runs, given no claims (or, for a deny set, the claims of the guards that stay), so
/// the originals recorded in `costguard.dev/` annotations are what is put back. Pure.
///
/// With `guardName`, only that guard's changes are restored: an object some other guard also
/// holds is kept (the operator, once back, sorts out what the remaining guards want), except a
/// deny set, where that guard's entries alone are removed.
enum RestorePlanner {
    static func hpa(_ hpa: HorizontalPodAutoscaler, guardName: String?, now: Date) -> RestoreItem? {
        let holders = HPAAnnotations.guards(on: hpa).sorted()
        let annotations = hpa.metadata.annotations ?? [:]
        let touched = !holders.isEmpty || HPAAnnotations.all.contains { annotations[$0] != nil }
        guard touched, guardName.map({ holders.isEmpty || holders.contains($0) }) ?? true else { return nil }
        let ref = ObjectRef(namespace: hpa.metadata.namespace, name: hpa.metadata.name ?? "")
        if let keep = kept(holders, guardName: guardName) {
            return RestoreItem(kind: "HorizontalPodAutoscaler", object: ref.description, heldBy: holders, change: "kept",
                               action: .keep(keep), resource: .horizontalPodAutoscalers, ref: ref)
        }
        let restored = HPAConvergence(hpa: hpa, claims: [], now: now)
        return item("HorizontalPodAutoscaler", ref, holders, restored.patch, restored.summary, .horizontalPodAutoscalers)
    }

    /// A Middleware, ScaledObject, NodePool or MachineDeployment carrying CostGuard's mark.
    static func external(_ kind: ExternalKind, resource: Resource, object: JSONValue, guardName: String?, now: Date) -> RestoreItem? {
        guard let ref = ObjectRef(object) else { return nil }
        let holders = ExternalEnforcementPlan.heldBy(object)
        guard guardName.map({ holders.isEmpty || holders.contains($0) }) ?? true else { return nil }
        if let keep = kept(holders, guardName: guardName) {
            return RestoreItem(kind: kind.kind, object: ref.description, heldBy: holders, change: "kept", action: .keep(keep),
                               resource: resource, ref: ref)
        }
        let restored: ObjectConvergence
        switch kind.key {
        case ExternalKind.middlewares.key: restored = RateLimitConvergence.converge(middleware: object, claims: [])
        case ExternalKind.scaledObjects.key: restored = ScaledObjectConvergence.converge(scaledObject: object, claims: [], now: now).convergence
        case ExternalKind.nodePools.key: restored = NodeLimitConvergence.nodePool(object, claims: [])
        default: restored = NodeLimitConvergence.machineDeployment(object, claims: [])
        }
        return item(kind.kind, ref, holders, restored.patch, restored.summary, resource)
    }

    /// A Calico GlobalNetworkSet or Cilium CIDR group with CostGuard's entries.
    static func denySet(_ kind: DenySetKind, object: JSONValue, guardName: String?, now: Date) -> RestoreItem? {
        guard let ref = ObjectRef(object) else { return nil }
        let records = DenyRecord.decode(object.value(atPath: "metadata.annotations")?.objectValue?[DenyRecord.annotation]?.stringValue)
        let holders = Set(records.map(\.guardName)).sorted()
        guard guardName.map({ holders.isEmpty || holders.contains($0) }) ?? true else { return nil }
        // The guards that stay keep their own entries, until their recorded expiry.
        let staying = Dictionary(grouping: records.filter { $0.guardName != guardName }, by: \.guardName)
        let claims = guardName == nil ? [] : staying.map { guardName, entries in
            DenyClaim(guardName: guardName, entries: entries, maxEntries: Int.max, neverDeny: [])
        }
        let restored = DenyListConvergence(set: object, kind: kind, name: ref.name, claims: claims, protected: [], now: now)
        switch restored.action {
        case .delete:
            return RestoreItem(kind: kind.kind, object: ref.description, heldBy: holders,
                               change: "delete the set CostGuard created", action: .delete, resource: kind.resource, ref: ref)
        case .patch(let patch):
            return item(kind.kind, ref, holders, patch, restored.summary, kind.resource)
        case .create, .none:
            return item(kind.kind, ref, holders, nil, [], kind.resource)
        }
    }

    /// Why an object is kept when restoring one guard: others hold it too.
    private static func kept(_ holders: [String], guardName: String?) -> String? {
        guard let guardName else { return nil }
        let others = holders.filter { $0 != guardName }
        return others.isEmpty ? nil : "also held by \(others.joined(separator: ", "))"
    }

    private static func item(_ kind: String, _ ref: ObjectRef, _ holders: [String], _ patch: JSONValue?, _ summary: [String],
                             _ resource: Resource) -> RestoreItem? {
        guard let patch else { return nil }
        let change = summary.isEmpty ? "remove CostGuard's annotations" : summary.joined(separator: ", ")
        return RestoreItem(kind: kind, object: ref.description, heldBy: holders, change: change, action: .patch(patch),
                           resource: resource, ref: ref)
    }
}
