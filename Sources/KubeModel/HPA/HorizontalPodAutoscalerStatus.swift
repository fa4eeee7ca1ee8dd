package struct HorizontalPodAutoscalerStatus: Codable, Sendable, Hashable {
    package var observedGeneration: Int64?
    package var lastScaleTime: String?
    package var currentReplicas: Int32?
    package var desiredReplicas: Int32
    package var currentMetrics: [MetricStatus]?

    package init(observedGeneration: Int64? = nil, lastScaleTime: String? = nil, currentReplicas: Int32? = nil,
                desiredReplicas: Int32, currentMetrics: [MetricStatus]? = nil) {
        self.observedGeneration = observedGeneration
        self.lastScaleTime = lastScaleTime
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.currentMetrics = currentMetrics
    }
}

/// The observed value of one metric; `type` says which source is set.
package struct MetricStatus: Codable, Sendable, Hashable {
    package var type: String
    @OutOfLine package var resource: ResourceMetricStatus?
    @OutOfLine package var containerResource: ContainerResourceMetricStatus?
    @OutOfLine package var pods: PodsMetricStatus?
    @OutOfLine package var object: ObjectMetricStatus?
    @OutOfLine package var external: ExternalMetricStatus?

    package init(type: String, resource: ResourceMetricStatus? = nil, containerResource: ContainerResourceMetricStatus? = nil,
                pods: PodsMetricStatus? = nil, object: ObjectMetricStatus? = nil, external: ExternalMetricStatus? = nil) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

package struct MetricValueStatus: Codable, Sendable, Hashable {
    package var value: String?
    package var averageValue: String?
    package var averageUtilization: Int32?

    package init(value: String? = nil, averageValue: String? = nil, averageUtilization: Int32? = nil) {
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
}

package struct ResourceMetricStatus: Codable, Sendable, Hashable {
    package var name: String
    package var current: MetricValueStatus

    package init(name: String, current: MetricValueStatus) {
        self.name = name
        self.current = current
    }
}

package struct ContainerResourceMetricStatus: Codable, Sendable, Hashable {
    package var name: String
    package var container: String
    package var current: MetricValueStatus

    package init(name: String, container: String, current: MetricValueStatus) {
        self.name = name
        self.container = container
        self.current = current
    }
}

package struct PodsMetricStatus: Codable, Sendable, Hashable {
    package var metric: MetricIdentifier
    package var current: MetricValueStatus

    package init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
}

package struct ObjectMetricStatus: Codable, Sendable, Hashable {
    package var metric: MetricIdentifier
    package var current: MetricValueStatus
    package var describedObject: CrossVersionObjectReference

    package init(metric: MetricIdentifier, current: MetricValueStatus, describedObject: CrossVersionObjectReference) {
        self.metric = metric
        self.current = current
        self.describedObject = describedObject
    }
}

package struct ExternalMetricStatus: Codable, Sendable, Hashable {
    package var metric: MetricIdentifier
    package var current: MetricValueStatus

    package init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
}
