/// The part of metav1.ObjectMeta that CostGuard reads or writes.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var finalizers: [String]?

    public init(name: String? = nil, namespace: String? = nil, uid: String? = nil,
                resourceVersion: String? = nil, generation: Int64? = nil,
                creationTimestamp: String? = nil, deletionTimestamp: String? = nil,
                labels: [String: String]? = nil, annotations: [String: String]? = nil,
                finalizers: [String]? = nil) {
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
    }
}
