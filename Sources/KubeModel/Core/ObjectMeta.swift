/// The part of metav1.ObjectMeta that CostGuard reads or writes.
package struct ObjectMeta: Codable, Sendable, Hashable {
    package var name: String?
    package var namespace: String?
    package var uid: String?
    package var resourceVersion: String?
    package var generation: Int64?
    package var creationTimestamp: String?
    package var deletionTimestamp: String?
    package var labels: [String: String]?
    package var annotations: [String: String]?
    package var finalizers: [String]?
    package var ownerReferences: [OwnerReference]?

    package init(name: String? = nil, namespace: String? = nil, uid: String? = nil,
                resourceVersion: String? = nil, generation: Int64? = nil,
                creationTimestamp: String? = nil, deletionTimestamp: String? = nil,
                labels: [String: String]? = nil, annotations: [String: String]? = nil,
                finalizers: [String]? = nil, ownerReferences: [OwnerReference]? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.labels = labels
        self.annotations = annotations
        self.finalizers = finalizers
        self.ownerReferences = ownerReferences
    }
}

/// The object that owns this one (a KEDA ScaledObject owns the HPA it manages, say).
package struct OwnerReference: Codable, Sendable, Hashable {
    package var apiVersion: String
    package var kind: String
    package var name: String
    package var uid: String?
    package var controller: Bool?

    package init(apiVersion: String, kind: String, name: String, uid: String? = nil, controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }
}
