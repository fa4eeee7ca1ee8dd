public struct HorizontalPodAutoscalerStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var lastScaleTime: String?
    public var currentReplicas: Int32?
    public var desiredReplicas: Int32
    public var currentMetrics: [MetricStatus]?

    public init(observedGeneration: Int64? = nil, lastScaleTime: String? = nil, currentReplicas: Int32? = nil,
                desiredReplicas: Int32, currentMetrics: [MetricStatus]? = nil) {
        self.observedGeneration = observedGeneration
        self.lastScaleTime = lastScaleTime
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.currentMetrics = currentMetrics
    }
}

/// The observed value of one metric; `type` says which source is set.
public struct MetricStatus: Codable, Sendable, Hashable {
    public var type: String
    public var resource: ResourceMetricStatus?
    public var containerResource: ContainerResourceMetricStatus?
    public var pods: PodsMetricStatus?
    public var object: ObjectMetricStatus?
    public var external: ExternalMetricStatus?

    public init(type: String, resource: ResourceMetricStatus? = nil, containerResource: ContainerResourceMetricStatus? = nil,
                pods: PodsMetricStatus? = nil, object: ObjectMetricStatus? = nil, external: ExternalMetricStatus? = nil) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

public struct MetricValueStatus: Codable, Sendable, Hashable {
    public var value: String?
    public var averageValue: String?
    public var averageUtilization: Int32?

    public init(value: String? = nil, averageValue: String? = nil, averageUtilization: Int32? = nil) {
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
}

public struct ResourceMetricStatus: Codable, Sendable, Hashable {
    public var name: String
    public var current: MetricValueStatus

    public init(name: String, current: MetricValueStatus) {
        self.name = name
        self.current = current
    }
}

public struct ContainerResourceMetricStatus: Codable, Sendable, Hashable {
    public var name: String
    public var container: String
    public var current: MetricValueStatus

    public init(name: String, container: String, current: MetricValueStatus) {
        self.name = name
        self.container = container
        self.current = current
    }
}

public struct PodsMetricStatus: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus

    public init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
}

public struct ObjectMetricStatus: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus
    public var describedObject: CrossVersionObjectReference

    public init(metric: MetricIdentifier, current: MetricValueStatus, describedObject: CrossVersionObjectReference) {
        self.metric = metric
        self.current = current
        self.describedObject = describedObject
    }
}

public struct ExternalMetricStatus: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus

    public init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
}
