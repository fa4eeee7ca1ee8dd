import CostGuardAPI
import Foundation
import KubeClient
import KubeModel

/// How reading one external kind went: its objects (the marked ones, or all of them for a kind
/// read whole, and the named ones that exist), the reason it has no API this operator may read,
/// or the read's failure.
enum ExternalRead: Sendable {
    case objects(Resource, [ObjectRef: JSONValue])
    /// Why not (not installed, or not allowed): each guard claiming it is told so.
    case unavailable(String)
    /// The failure, with what was being read: the kind is not converged this time.
    case failed(String)
}

/// What converging the external objects came to, per guard, for its status; and whether
/// anything could not be read or written (deleted guards then keep their finalizer).
struct ExternalOutcome: Sendable, Equatable {
    var failures: [String: String] = [:]
    var incomplete = false
    /// Per guard, state of its objects that did not decode (a deny set's records).
    var unreadable: [String: [String]] = [:]
    /// Per guard, deny entries left off its sets for the annotation size bound.
    var denyRefused: [String: Int] = [:]
}

/// Every write to the objects outside CostGuard, decided at once from what was read of them
/// (every kind read before anything is written) and what the guards claim: one action list
/// across deny sets, Middlewares, ScaledObjects, NodePools and MachineDeployments, in
/// `ExternalClaims.kinds` order and object order within a kind. Pure: each object's write comes
/// from its kind's convergence (`DenyListConvergence`, `RateLimitConvergence`,
/// `ScaledObjectConvergence`, `NodeLimitConvergence`).
struct ExternalEnforcementPlan: Sendable {
    var actions: [EnforcementAction] = []
    var outcome = ExternalOutcome()
    /// Per kind read, the objects CostGuard holds once every action lands, and the guards
    /// holding each. An action that does not land puts back its `heldIfUnwritten`.
    var marked: [String: [ObjectRef: [String]]] = [:]

    /// `reads`: by kind key, the kinds read (a kind not read is left as it was); `protected`:
    /// the cluster's own node and pod ranges, never denied; `poolNodes`: nodes per Karpenter
    /// NodePool name.
    init(claims: ExternalClaims, reads: [String: ExternalRead], protected: [IPPrefix], poolNodes: [String: Int], now: Date) {
        for kind in ExternalClaims.kinds {
            guard let read = reads[kind.key] else { continue }
            let claimed = claims.claimed(kind)
            switch read {
            case .failed(let failure):
                for name in claimed.values.joined() { outcome.failures[name] = failure }
                outcome.incomplete = true
            case .unavailable(let reason):
                for name in claimed.values.joined() { outcome.failures[name] = reason }
                marked[kind.key] = [:]
            case .objects(let resource, let objects):
                if let provider = ExternalClaims.provider(of: kind) {
                    planDenySets(provider, resource: resource, sets: objects, claims: claims, protected: protected, now: now)
                } else {
                    planObjects(kind, resource: resource, objects: objects, claimed: claimed) { ref, object in
                        Self.converge(kind, ref: ref, object: object, all: objects, claims: claims, poolNodes: poolNodes, now: now)
                    }
                }
            }
        }
    }

    private mutating func planDenySets(_ provider: ExternalClaims.Provider, resource: Resource, sets: [ObjectRef: JSONValue],
                                       claims: ExternalClaims, protected: [IPPrefix], now: Date) {
        let key = provider.rawValue
        let naming = claims.denyNamed[provider] ?? [:]
        let candidates = DenySetKind.candidates(provider)
        let setKind = candidates.first { $0.resource == resource } ?? candidates[0]
        var marked: [ObjectRef: [String]] = [:]
        for ref in Set(sets.keys).union(naming.keys).sorted() {
            let onSet = claims.deny[provider]?[ref] ?? []
            let convergence = DenyListConvergence(set: sets[ref], kind: setKind, name: ref.name, claims: onSet,
                                                  protected: protected, now: now)
            if let unreadable = convergence.unreadable {
                for name in naming[ref] ?? [] { outcome.unreadable[name, default: []].append(unreadable) }
            }
            if convergence.refused > 0 {
                for name in naming[ref] ?? [] { outcome.denyRefused[name, default: 0] += convergence.refused }
            }
            // Held while a guard claims it and it exists (a claim with nothing to deny creates nothing).
            let claimants = onSet.map(\.guardName).sorted()
            if !onSet.isEmpty, sets[ref] != nil || convergence.action != .none { marked[ref] = claimants }
            let verb: EnforcementAction.Verb
            let summary: String
            switch convergence.action {
            case .none: continue
            case .create(let body):
                verb = .create(body)
                summary = "created with " + convergence.summary.joined(separator: ", ")
            case .patch(let patch):
                verb = .patch(patch)
                summary = convergence.summary.isEmpty ? "records updated" : convergence.summary.joined(separator: ", ")
            case .delete:
                verb = .delete
                summary = "deleted (no guard uses it)"
            }
            // Unwritten, the set holds what it records and what is claimed of it.
            let recorded = sets[ref]?.value(atPath: "metadata.annotations")?[DenyRecord.annotation]?.stringValue
            let stillHeld = Set(DenyRecord.decode(recorded).map(\.guardName) + claimants).sorted()
            actions.append(EnforcementAction(kindKey: key, kind: setKind.kind, resource: setKind.resource, ref: ref, verb: verb,
                                             summary: [summary], claimants: naming[ref] ?? [], heldBy: marked[ref] ?? [],
                                             heldIfUnwritten: stillHeld))
        }
        self.marked[key] = marked
    }

    private mutating func planObjects(_ kind: ExternalKind, resource: Resource, objects: [ObjectRef: JSONValue],
                                      claimed: [ObjectRef: [String]], convergence: (ObjectRef, JSONValue) -> ObjectConvergence) {
        for (ref, guards) in claimed where objects[ref] == nil {
            for name in guards { outcome.failures[name] = "\(kind.kind) \(ref) not found" }
        }
        var marked: [ObjectRef: [String]] = [:]
        for (ref, object) in objects.sorted(by: { $0.key < $1.key }) {
            let result = convergence(ref, object)
            if !result.heldBy.isEmpty { marked[ref] = result.heldBy }
            guard let patch = result.patch else { continue }
            actions.append(EnforcementAction(kindKey: kind.key, kind: kind.kind, resource: resource, ref: ref, verb: .patch(patch),
                                             summary: result.summary, claimants: claimed[ref] ?? [], heldBy: result.heldBy,
                                             heldIfUnwritten: Self.heldBy(object)))
        }
        self.marked[kind.key] = marked
    }

    /// One object of a kind other than a deny set converged to the claims on it.
    private static func converge(_ kind: ExternalKind, ref: ObjectRef, object: JSONValue, all: [ObjectRef: JSONValue],
                                 claims: ExternalClaims, poolNodes: [String: Int], now: Date) -> ObjectConvergence {
        switch kind {
        case .middlewares:
            return RateLimitConvergence.converge(middleware: object, claims: claims.rateLimits[ref] ?? [])
        case .scaledObjects:
            return ScaledObjectConvergence.converge(scaledObject: object, claims: claims.scaledObjects[ref] ?? [], now: now).convergence
        case .nodePools:
            // A NodePool's nodes carry its name in karpenter.sh/nodepool.
            return NodeLimitConvergence.nodePool(object, claims: nodeClaims(object, ref: ref, guards: claims.karpenter,
                                                                            size: poolNodes[ref.name] ?? 0))
        default:
            let replicas = object.value(atPath: "status.replicas")?.intValue ?? object.value(atPath: "spec.replicas")?.intValue
            return NodeLimitConvergence.machineDeployment(object, claims: nodeClaims(object, ref: ref, guards: claims.clusterAPI,
                                                                                     size: Int(replicas ?? 0)))
        }
    }

    /// The limit each guard selecting the provisioner puts on it: its own size plus the headroom
    /// left under the guard's cap (`NodeLimitConvergence.limits`).
    static func nodeClaims(_ object: JSONValue, ref: ObjectRef, guards: [ExternalClaims.NodeGuard], size: Int) -> [NodeLimitClaim] {
        let labels = object.value(atPath: "metadata.labels")?.stringMap ?? [:]
        return guards.compactMap { nodeGuard in
            guard nodeGuard.selector.matches(labels) else { return nil }
            let limits = NodeLimitConvergence.limits(maxNodes: nodeGuard.maxNodes, countedNodes: nodeGuard.countedNodes,
                                                     pools: [ref.description: size])
            return limits[ref.description].map { NodeLimitClaim(guardName: nodeGuard.name, limit: $0) }
        }
    }

    /// The guards named in an object's `costguard.dev/*-by` annotations, as it was read.
    static func heldBy(_ object: JSONValue) -> [String] {
        let annotations = object.value(atPath: "metadata.annotations")?.stringMap ?? [:]
        return annotations.filter { $0.key.hasPrefix("costguard.dev/") && $0.key.hasSuffix("-by") }
            .flatMap { $0.value.split(separator: ",").map(String.init) }.sorted()
    }
}
