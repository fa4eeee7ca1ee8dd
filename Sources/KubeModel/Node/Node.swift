/// corev1.Node: only what CostGuard counts and prices. Images and conditions are
/// deliberately absent; they are most of a Node's bytes and CostGuard never reads them.
package struct Node: Encodable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta
    package var spec: NodeSpec?
    package var status: NodeStatus?

    package init(metadata: ObjectMeta, spec: NodeSpec? = nil, status: NodeStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Node"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package static let instanceTypeLabel = "node.kubernetes.io/instance-type"
    package static let capacityTypeLabel = "karpenter.sh/capacity-type"

    package var instanceType: String? { metadata.labels?[Self.instanceTypeLabel] }
    package var capacityType: String? { metadata.labels?[Self.capacityTypeLabel] }
}
