/// corev1.Namespace.
public struct Namespace: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var status: NamespaceStatus?

    public init(metadata: ObjectMeta, status: NamespaceStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Namespace"
        self.metadata = metadata
        self.status = status
    }
}

public struct NamespaceStatus: Codable, Sendable, Hashable {
    public var phase: String?

    public init(phase: String? = nil) { self.phase = phase }
}
