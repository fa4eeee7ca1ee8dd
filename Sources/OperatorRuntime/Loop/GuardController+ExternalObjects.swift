import Foundation
import KubeClient
import KubeModel

/// Reading and writing the objects outside CostGuard that guards change (Traefik Middlewares,
/// KEDA ScaledObjects, Karpenter NodePools, Cluster API MachineDeployments). Each enforcer run reads a
/// kind only when a guard uses it, CostGuard has marked objects of it, or it was never looked
/// at (so marks left by a guard deleted while the operator was down are still cleaned up).
extension GuardController {
    /// What converging one kind came to: per guard, the failure to report; and whether anything
    /// could not be read or written (deleted guards then keep their finalizer).
    struct ExternalOutcome {
        var failures: [String: String] = [:]
        var incomplete = false
        /// Per guard, state of its objects that did not decode (a deny set's records).
        var unreadable: [String: [String]] = [:]
        /// Per guard, deny entries left off its sets for the annotation size bound.
        var denyRefused: [String: Int] = [:]

        mutating func merge(_ other: ExternalOutcome) {
            failures.merge(other.failures) { first, _ in first }
            unreadable.merge(other.unreadable) { $0 + $1 }
            denyRefused.merge(other.denyRefused) { $0 + $1 }
            incomplete = incomplete || other.incomplete
        }
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

    /// Converges each object of a kind: `convergence(ref, object)` gives the patch for it.
    /// `claimed` lists, per object guards want something of, those guards.
    func convergeExternal(_ kind: ExternalKind, claimed: [ObjectRef: [String]], used: Bool,
                          state: inout ExternalObjectsState, report: inout CycleReport,
                          convergence: (ObjectRef, JSONValue, [ObjectRef: JSONValue]) -> ObjectConvergence) async -> ExternalOutcome {
        var outcome = ExternalOutcome()
        guard state.needsRead(kind, used: used) else { return outcome }
        let read: (Resource, [ObjectRef: JSONValue])?
        do {
            read = try await readExternal(kind, named: Set(claimed.keys), state: &state)
        } catch {
            report.fail("reading \(kind.kind)s", error, verb: "list", resource: kind.key)
            for guardName in claimed.values.joined() { outcome.failures[guardName] = "reading \(kind.kind)s: \(error)" }
            outcome.incomplete = true
            return outcome
        }
        guard let (resource, objects) = read else {
            for guardName in claimed.values.joined() { outcome.failures[guardName] = Self.unavailable(kind, state: state) }
            return outcome
        }
        for (ref, guards) in claimed where objects[ref] == nil {
            for guardName in guards { outcome.failures[guardName] = "\(kind.kind) \(ref) not found" }
        }
        var marked: [ObjectRef: [String]] = [:]
        for (ref, object) in objects.sorted(by: { $0.key < $1.key }) {
            let result = convergence(ref, object, objects)
            if !result.heldBy.isEmpty { marked[ref] = result.heldBy }
            guard let patch = result.patch else { continue }
            do {
                _ = try await client.patch(resource, name: ref.name, namespace: ref.namespace, .merge(patch),
                                           fieldManager: "costguard", as: .json)
                let change = result.summary.isEmpty ? "annotations updated" : result.summary.joined(separator: ", ")
                report.hpaWrites.append("\(kind.kind) \(ref): \(change)")
                logger.info("\(kind.kind) converged", metadata: ["object": "\(ref)", "change": "\(change)",
                                                                 "heldBy": "\(result.heldBy.joined(separator: ","))"])
            } catch let error as KubeError where error.isConflict || error.isNotFound {
                // Changed or deleted since read: the enforcer retries from what is there then.
                marked[ref] = Self.heldBy(object)
                outcome.incomplete = true
            } catch {
                marked[ref] = Self.heldBy(object)
                outcome.incomplete = true
                report.fail("patching \(kind.kind) \(ref)", error, verb: "patch", resource: kind.key)
                for guardName in claimed[ref] ?? [] { outcome.failures[guardName] = "patching \(kind.kind) \(ref): \(error)" }
            }
        }
        state.marked[kind.key] = marked
        return outcome
    }

    /// Why a kind could not be read: none of its API versions served, or some not allowed.
    static func unavailable(_ kind: ExternalKind, state: ExternalObjectsState) -> String {
        let versions = kind.candidates.map { "\($0.group)/\($0.version)" }.joined(separator: " or ")
        guard let forbidden = state.forbidden[kind.key], !forbidden.isEmpty else { return "no \(kind.kind) API (\(versions)) in this cluster" }
        return "no \(kind.kind) API (\(versions)) this operator may read: forbidden: \(forbidden.joined(separator: "; "))"
    }

    /// The guards named in an object's `costguard.dev/*-by` annotations, as it was read.
    static func heldBy(_ object: JSONValue) -> [String] {
        let annotations = object.value(atPath: "metadata.annotations")?.stringMap ?? [:]
        return annotations.filter { $0.key.hasPrefix("costguard.dev/") && $0.key.hasSuffix("-by") }
            .flatMap { $0.value.split(separator: ",").map(String.init) }.sorted()
    }
}
