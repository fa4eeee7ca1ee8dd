/// An object with ObjectMeta: what caches key, index and resume watches by.
package protocol HasMetadata: Sendable {
    var metadata: ObjectMeta { get }
}

extension HasMetadata {
    /// `namespace/name`, or `name` for cluster-scoped objects, as client-go's cache keys are.
    package var cacheKey: String {
        if let namespace = metadata.namespace, !namespace.isEmpty { return "\(namespace)/\(metadata.name ?? "")" }
        return metadata.name ?? ""
    }
}

extension Node: HasMetadata {}
extension HorizontalPodAutoscaler: HasMetadata {}
extension Lease: HasMetadata {}
extension Event: HasMetadata {}
extension Namespace: HasMetadata {}
extension CustomResource: HasMetadata {}
