/// One autoscaling/v2 metric: `type` says which of the sources is set.
public struct MetricSpec: Codable, Sendable, Hashable {
    /// `Resource`, `Pods`, `Object`, `External` or `ContainerResource`.
    public var type: String
    public var resource: ResourceMetricSource?
    public var containerResource: ContainerResourceMetricSource?
    public var pods: PodsMetricSource?
    public var object: ObjectMetricSource?
    public var external: ExternalMetricSource?

    public init(type: String, resource: ResourceMetricSource? = nil, containerResource: ContainerResourceMetricSource? = nil,
                pods: PodsMetricSource? = nil, object: ObjectMetricSource? = nil, external: ExternalMetricSource? = nil) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

public struct MetricIdentifier: Codable, Sendable, Hashable {
    public var name: String
    public var selector: LabelSelector?

    public init(name: String, selector: LabelSelector? = nil) {
        self.name = name
        self.selector = selector
    }
}

/// A target: `type` is `Utilization`, `Value` or `AverageValue`; values are quantity strings.
public struct MetricTarget: Codable, Sendable, Hashable {
    public var type: String
    public var value: String?
    public var averageValue: String?
    public var averageUtilization: Int32?

    public init(type: String, value: String? = nil, averageValue: String? = nil, averageUtilization: Int32? = nil) {
        self.type = type
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
}

public struct ResourceMetricSource: Codable, Sendable, Hashable {
    public var name: String
    public var target: MetricTarget

    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
}

public struct ContainerResourceMetricSource: Codable, Sendable, Hashable {
    public var name: String
    public var container: String
    public var target: MetricTarget

    public init(name: String, container: String, target: MetricTarget) {
        self.name = name
        self.container = container
        self.target = target
    }
}

public struct PodsMetricSource: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

public struct ObjectMetricSource: Codable, Sendable, Hashable {
    public var describedObject: CrossVersionObjectReference
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(describedObject: CrossVersionObjectReference, metric: MetricIdentifier, target: MetricTarget) {
        self.describedObject = describedObject
        self.metric = metric
        self.target = target
    }
}

public struct ExternalMetricSource: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}
