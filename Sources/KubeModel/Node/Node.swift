/// corev1.Node: only what CostGuard counts and prices. Images and conditions are
/// deliberately absent; they are most of a Node's bytes and CostGuard never reads them.
public struct Node: Encodable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NodeSpec?
    public var status: NodeStatus?

    public init(metadata: ObjectMeta, spec: NodeSpec? = nil, status: NodeStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Node"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static let instanceTypeLabel = "node.kubernetes.io/instance-type"
    public static let capacityTypeLabel = "karpenter.sh/capacity-type"

    public var instanceType: String? { metadata.labels?[Self.instanceTypeLabel] }
    public var capacityType: String? { metadata.labels?[Self.capacityTypeLabel] }
}
