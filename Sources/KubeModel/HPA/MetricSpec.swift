/// One autoscaling/v2 metric: `type` says which of the sources is set.
package struct MetricSpec: Codable, Sendable, Hashable {
    /// `Resource`, `Pods`, `Object`, `External` or `ContainerResource`.
    package var type: String
    @OutOfLine package var resource: ResourceMetricSource?
    @OutOfLine package var containerResource: ContainerResourceMetricSource?
    @OutOfLine package var pods: PodsMetricSource?
    @OutOfLine package var object: ObjectMetricSource?
    @OutOfLine package var external: ExternalMetricSource?

    package init(type: String, resource: ResourceMetricSource? = nil, containerResource: ContainerResourceMetricSource? = nil,
                pods: PodsMetricSource? = nil, object: ObjectMetricSource? = nil, external: ExternalMetricSource? = nil) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

package struct MetricIdentifier: Codable, Sendable, Hashable {
    package var name: String
    package var selector: LabelSelector?

    package init(name: String, selector: LabelSelector? = nil) {
        self.name = name
        self.selector = selector
    }
}

/// A target: `type` is `Utilization`, `Value` or `AverageValue`; values are quantity strings.
package struct MetricTarget: Codable, Sendable, Hashable {
    package var type: String
    package var value: String?
    package var averageValue: String?
    package var averageUtilization: Int32?

    package init(type: String, value: String? = nil, averageValue: String? = nil, averageUtilization: Int32? = nil) {
        self.type = type
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
}

package struct ResourceMetricSource: Codable, Sendable, Hashable {
    package var name: String
    package var target: MetricTarget

    package init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
}

package struct ContainerResourceMetricSource: Codable, Sendable, Hashable {
    package var name: String
    package var container: String
    package var target: MetricTarget

    package init(name: String, container: String, target: MetricTarget) {
        self.name = name
        self.container = container
        self.target = target
    }
}

package struct PodsMetricSource: Codable, Sendable, Hashable {
    package var metric: MetricIdentifier
    package var target: MetricTarget

    package init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

package struct ObjectMetricSource: Codable, Sendable, Hashable {
    package var describedObject: CrossVersionObjectReference
    package var metric: MetricIdentifier
    package var target: MetricTarget

    package init(describedObject: CrossVersionObjectReference, metric: MetricIdentifier, target: MetricTarget) {
        self.describedObject = describedObject
        self.metric = metric
        self.target = target
    }
}

package struct ExternalMetricSource: Codable, Sendable, Hashable {
    package var metric: MetricIdentifier
    package var target: MetricTarget

    package init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}
