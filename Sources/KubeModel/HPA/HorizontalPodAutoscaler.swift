/// autoscaling/v2 HorizontalPodAutoscaler: what CostGuard reads (rates, replicas) and
/// writes (maxReplicas, behavior.scaleUp.selectPolicy).
package struct HorizontalPodAutoscaler: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta
    package var spec: HorizontalPodAutoscalerSpec
    package var status: HorizontalPodAutoscalerStatus?

    package init(metadata: ObjectMeta, spec: HorizontalPodAutoscalerSpec, status: HorizontalPodAutoscalerStatus? = nil) {
        self.apiVersion = "autoscaling/v2"
        self.kind = "HorizontalPodAutoscaler"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
