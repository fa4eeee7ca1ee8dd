import CostGuardAPI
import Foundation
import KubeClient
import KubeModel

/// Reading the objects outside CostGuard that guards change (deny sets, Traefik Middlewares,
/// KEDA ScaledObjects, Karpenter NodePools, Cluster API MachineDeployments), every kind before
/// any is written. Each enforcer run reads a kind only when a guard uses it, CostGuard has marked
/// objects of it, or it was never looked at (so marks left by a guard deleted while the operator
/// was down are still cleaned up).
extension GuardController {
    /// Every kind that needs reading, by kind key (`ExternalEnforcementPlan`'s input).
    func readExternalKinds(_ claims: ExternalClaims, state: inout ExternalObjectsState,
                           report: inout CycleReport) async -> [String: ExternalRead] {
        var reads: [String: ExternalRead] = [:]
        for kind in ExternalClaims.kinds where state.needsRead(kind, used: claims.uses(kind)) {
            let claimed = claims.claimed(kind)
            let provider = ExternalClaims.provider(of: kind)
            do {
                if let (resource, objects) = try await readExternal(kind, named: Set(claimed.keys), state: &state) {
                    reads[kind.key] = .objects(resource, objects)
                } else if let provider, state.forbidden[kind.key] == nil {
                    reads[kind.key] = .unavailable("no \(provider.rawValue) API in this cluster "
                        + "(is \(provider == .ciliumCIDRGroup ? "Cilium" : "Calico") installed?)")
                } else {
                    reads[kind.key] = .unavailable(Self.unavailable(kind, state: state))
                }
            } catch {
                let what = provider.map { "reading \($0.rawValue) deny sets" } ?? "reading \(kind.kind)s"
                report.fail(what, error, verb: "list", resource: kind.candidates[0].plural)
                reads[kind.key] = .failed("\(what): \(error)")
            }
        }
        return reads
    }

    /// The kind's marked objects (or all of them) and the named ones that exist; nil when the
    /// cluster serves none of its API versions that the operator may list (a 404 on the
    /// collection: not installed; a 403: the ServiceAccount is not allowed it). An API that
    /// cannot be read cannot hold a deleted guard either: its 403 is logged once at warning,
    /// kept in `state.forbidden` for the guards' status, and the next version is tried.
    func readExternal(_ kind: ExternalKind, named: Set<ObjectRef>,
                      state: inout ExternalObjectsState) async throws -> (Resource, [ObjectRef: JSONValue])? {
        // The version found last time first; the others again if it went away or was refused.
        let candidates = state.resolved[kind.key].map { resolved in [resolved] + kind.candidates.filter { $0 != resolved } }
            ?? kind.candidates
        var forbidden: [String] = []
        defer { state.forbidden[kind.key] = forbidden.isEmpty ? nil : forbidden }
        for resource in candidates {
            let items: [JSONValue]
            do {
                let options = kind.listAll ? ListOptions()
                    : ListOptions(labelSelector: "\(ExternalMarks.changedLabel)=\(ExternalMarks.changedValue)")
                items = try await client.listAll(resource, options: options, as: .json).items.map(\.json)
            } catch let error as KubeError where error.isNotFound {
                state.resolved[kind.key] = nil
                continue
            } catch let error as KubeError where error.isForbidden {
                state.resolved[kind.key] = nil
                let apiVersion = "\(resource.group)/\(resource.version)"
                forbidden.append("\(apiVersion): \(error.status?.message ?? "\(error)")")
                if state.warnedForbidden.insert("\(kind.key) \(apiVersion)").inserted {
                    logger.warning("not allowed to list \(kind.kind)s: treated as absent (grant it in the ClusterRole if it is installed)",
                                   metadata: ["apiVersion": "\(apiVersion)", "error": "\(error)"])
                }
                continue
            }
            state.resolved[kind.key] = resource
            state.scanned.insert(kind.key)
            var objects: [ObjectRef: JSONValue] = [:]
            for item in items { if let ref = ObjectRef(item) { objects[ref] = item } }
            for ref in named.sorted() where objects[ref] == nil {
                do {
                    objects[ref] = try await client.get(resource, name: ref.name, namespace: ref.namespace, as: .json).json
                } catch let error as KubeError where error.isNotFound {}
            }
            return (resource, objects)
        }
        state.scanned.insert(kind.key)
        state.marked[kind.key] = [:]
        return nil
    }

    /// Why a kind could not be read: none of its API versions served, or some not allowed.
    static func unavailable(_ kind: ExternalKind, state: ExternalObjectsState) -> String {
        let versions = kind.candidates.map { "\($0.group)/\($0.version)" }.joined(separator: " or ")
        guard let forbidden = state.forbidden[kind.key], !forbidden.isEmpty else { return "no \(kind.kind) API (\(versions)) in this cluster" }
        return "no \(kind.kind) API (\(versions)) this operator may read: forbidden: \(forbidden.joined(separator: "; "))"
    }
}
