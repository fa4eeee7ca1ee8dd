package struct HorizontalPodAutoscalerSpec: Codable, Sendable, Hashable {
    package var scaleTargetRef: CrossVersionObjectReference
    package var minReplicas: Int32?
    package var maxReplicas: Int32
    package var metrics: [MetricSpec]?
    package var behavior: HorizontalPodAutoscalerBehavior?

    package init(scaleTargetRef: CrossVersionObjectReference, minReplicas: Int32? = nil, maxReplicas: Int32,
                metrics: [MetricSpec]? = nil, behavior: HorizontalPodAutoscalerBehavior? = nil) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.metrics = metrics
        self.behavior = behavior
    }
}

package struct CrossVersionObjectReference: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String
    package var name: String

    package init(apiVersion: String? = nil, kind: String, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
    }
}
