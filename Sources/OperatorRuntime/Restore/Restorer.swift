import Foundation
import KubeClient
import KubeModel

/// `costguard restore`'s work with the API: find everything CostGuard changed (HPAs carrying its
/// annotations, and the objects of every other kind it marks with `costguard.dev/changed`), plan
/// the restore of each (RestorePlanner), and carry the plan out. For when the operator is gone:
/// uninstalled, crash-looping, its namespace deleted. An API that is not installed is skipped; one
/// that cannot be read (403) is reported, never taken as "nothing changed".
package struct Restorer: Sendable {
    let client: Client

    package init(client: Client) {
        self.client = client
    }

    package struct Plan: Sendable {
        package var items: [RestoreItem] = []
        /// Kinds that could not be read, with the error: what they hold is unknown.
        package var unreadable: [String] = []
    }

    package func plan(guardName: String?, now: Date = Date()) async -> Plan {
        var plan = Plan()
        do {
            let hpas = try await client.listAll(.horizontalPodAutoscalers, as: .codable(HorizontalPodAutoscaler.self)).items
            plan.items += hpas.compactMap { RestorePlanner.hpa($0, guardName: guardName, now: now) }
        } catch {
            plan.unreadable.append("HorizontalPodAutoscalers: \(error)")
        }
        let marked = ListOptions(labelSelector: "\(ExternalMarks.changedLabel)=\(ExternalMarks.changedValue)")
        for kind in [ExternalKind.middlewares, .scaledObjects, .nodePools, .machineDeployments] {
            for resource in kind.candidates {
                guard let objects = await list(resource, options: marked, kind: kind.kind, into: &plan) else { continue }
                plan.items += objects.compactMap {
                    RestorePlanner.external(kind, resource: resource, object: $0, guardName: guardName, now: now)
                }
            }
        }
        for kind in [DenySetKind.calico, .calicoCRD, .cilium] {
            guard let objects = await list(kind.resource, options: marked, kind: kind.kind, into: &plan) else { continue }
            plan.items += objects.compactMap { RestorePlanner.denySet(kind, object: $0, guardName: guardName, now: now) }
        }
        plan.items.sort { ($0.kind, $0.object) < ($1.kind, $1.object) }
        return plan
    }

    /// The marked objects of one API version; nil when it is not served (404) or cannot be read.
    private func list(_ resource: Resource, options: ListOptions, kind: String, into plan: inout Plan) async -> [JSONValue]? {
        do {
            return try await client.listAll(resource, options: options, as: .json).items.map(\.json)
        } catch let error as KubeError where error.isNotFound {
            return nil
        } catch {
            plan.unreadable.append("\(kind)s (\(resource.group)/\(resource.version)): \(error)")
            return nil
        }
    }

    /// Carries out every item that is not kept; the failures, one line each.
    package func apply(_ items: [RestoreItem]) async -> [String] {
        var failures: [String] = []
        for item in items {
            do {
                switch item.action {
                case .patch(let patch):
                    _ = try await client.patch(item.resource, name: item.ref.name, namespace: item.ref.namespace, .merge(patch),
                                               fieldManager: "costguard", as: .json)
                case .delete:
                    try await client.delete(item.resource, name: item.ref.name, namespace: item.ref.namespace)
                case .keep:
                    continue
                }
            } catch {
                failures.append("\(item.kind) \(item.object): \(error)")
            }
        }
        return failures
    }

    /// Removes `costguard.dev/finalizer` from the CostGuards (one, or all), so that deleting them
    /// does not wait for an operator that is not there. The names released, and the failures.
    package func releaseFinalizers(guardName: String?) async -> (released: [String], failures: [String]) {
        var released: [String] = [], failures: [String] = []
        let guards: [JSONValue]
        do {
            guards = try await client.listAll(.costGuards, as: .json).items.map(\.json)
        } catch {
            return ([], ["CostGuards: \(error)"])
        }
        for object in guards {
            guard let name = object.value(atPath: "metadata.name")?.stringValue, guardName.map({ $0 == name }) ?? true else { continue }
            let finalizers = (object.value(atPath: "metadata.finalizers")?.arrayValue ?? []).compactMap(\.stringValue)
            guard finalizers.contains(GuardObject.finalizer) else { continue }
            var metadata: [String: JSONValue] = ["finalizers": .array(finalizers.filter { $0 != GuardObject.finalizer }.map { .string($0) })]
            if let version = object.value(atPath: "metadata.resourceVersion") { metadata["resourceVersion"] = version }
            do {
                _ = try await client.patch(.costGuards, name: name, .merge(["metadata": .object(metadata)]), fieldManager: "costguard", as: .json)
                released.append(name)
            } catch {
                failures.append("CostGuard \(name): \(error)")
            }
        }
        return (released, failures)
    }
}
