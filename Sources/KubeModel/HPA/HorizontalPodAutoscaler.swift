/// autoscaling/v2 HorizontalPodAutoscaler: what CostGuard reads (rates, replicas) and
/// writes (maxReplicas, behavior.scaleUp.selectPolicy).
public struct HorizontalPodAutoscaler: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: HorizontalPodAutoscalerSpec
    public var status: HorizontalPodAutoscalerStatus?

    public init(metadata: ObjectMeta, spec: HorizontalPodAutoscalerSpec, status: HorizontalPodAutoscalerStatus? = nil) {
        self.apiVersion = "autoscaling/v2"
        self.kind = "HorizontalPodAutoscaler"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
