import CostGuardAPI
import KubeClient
import KubeModel

/// The loop's writes to the API. Each is one request; the caches learn the result from the
/// answer at once (and from the watch event after), so the next reconcile does not repeat it.
extension GuardController {
    func patchHPA(namespace: String, name: String, patch: JSONValue) async throws {
        let updated = try await client.patch(.horizontalPodAutoscalers, name: name, namespace: namespace, .merge(patch),
                                             fieldManager: "costguard", as: .codable(HorizontalPodAutoscaler.self))
        cache.hpas.apply(.apply(updated))
    }

    /// A merge patch from the status on the server to the new one, so fields that went away
    /// are removed too.
    func writeStatus(_ guardObject: GuardObject, _ status: CostGuardStatus) async throws {
        let patch = JSONValue.mergePatch(from: guardObject.status.json(), to: status.json())
        _ = try await client.patch(.costGuards, name: guardObject.name, subresource: "status", .merge(["status": patch]),
                                   fieldManager: "costguard", as: .json)
    }

    /// Adds or removes the finalizer, conditional on the resourceVersion read.
    func setFinalizer(_ guardObject: GuardObject, present: Bool) async throws {
        var finalizers = guardObject.finalizers.filter { $0 != GuardObject.finalizer }
        if present { finalizers.append(GuardObject.finalizer) }
        var metadata: [String: JSONValue] = ["finalizers": .array(finalizers.map { .string($0) })]
        if let version = guardObject.resourceVersion { metadata["resourceVersion"] = .string(version) }
        let updated = try await client.patch(.costGuards, name: guardObject.name, .merge(["metadata": .object(metadata)]),
                                             fieldManager: "costguard", as: .json)
        cache.guards.apply(.apply(updated))
    }
}
