import Foundation
import KubeModel

/// kube-apiserver's HorizontalPodAutoscaler printer (printHorizontalPodAutoscaler and
/// formatHPAMetrics in pkg/printers/internalversion): what `kubectl get hpa` shows, so a
/// `kubectl get hpa -w` sees MAXPODS drop when CostGuard lowers `maxReplicas`.
/// The column descriptions are the autoscaling/v2beta1 ones, as upstream's table uses.
extension BuiltInPrinters {
    static let horizontalPodAutoscaler = TablePrinter(columns: hpaColumns) { object, now in
        let spec = object["spec"]
        let reference = "\(spec?.value(atPath: "scaleTargetRef.kind")?.stringValue ?? "")/"
            + (spec?.value(atPath: "scaleTargetRef.name")?.stringValue ?? "")
        return [
            .string(object.metadataName), .string(reference),
            .string(hpaTargets(spec?["metrics"]?.arrayValue ?? [], object.value(atPath: "status.currentMetrics")?.arrayValue ?? [])),
            // Upstream's v2 defaulting sets minReplicas to 1; KubeSim stores what was written.
            .string(spec?["minReplicas"]?.intValue.map(String.init) ?? "<unset>"),
            .int(spec?["maxReplicas"]?.intValue ?? 0), .int(object.value(atPath: "status.currentReplicas")?.intValue ?? 0),
            .string(Timestamp.age(of: object, now: now)),
        ]
    }

    static let hpaColumns: [TableColumn] = [
        .name,
        TableColumn(name: "Reference", type: "string",
                    description: "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
        TableColumn(name: "Targets", type: "string",
                    description: "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond."),
        TableColumn(name: "MinPods", type: "string",
                    description: "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
        TableColumn(name: "MaxPods", type: "string",
                    description: "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
        TableColumn(name: "Replicas", type: "string",
                    description: "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        .age,
    ]

    /// How many metrics the Targets cell spells out before `+ N more...`.
    static let hpaTargetsShown = 2

    /// formatHPAMetrics: `current/target` per metric, in spec order; `<none>` without metrics.
    static func hpaTargets(_ specs: [JSONValue], _ statuses: [JSONValue]) -> String {
        guard !specs.isEmpty else { return "<none>" }
        let texts = specs.indices.map { hpaMetric(specs[$0], status: $0 < statuses.count ? statuses[$0] : nil) }
        let shown = texts.prefix(hpaTargetsShown).joined(separator: ", ")
        return texts.count > hpaTargetsShown ? "\(shown) + \(texts.count - hpaTargetsShown) more..." : shown
    }

    /// One metric. Upstream pairs a spec with the status at the same index (not by name), and
    /// takes that status's block for the spec's source type when present, whatever its
    /// `type` says; with none the current value is `<unknown>`. A quantity the status or
    /// spec lacks prints `<nil>`, as Go prints a nil quantity.
    static func hpaMetric(_ spec: JSONValue, status: JSONValue?) -> String {
        func present(_ value: JSONValue?) -> JSONValue? { value == .null ? nil : value }
        func quantity(_ value: JSONValue?) -> String { QuantityText.print(value) }
        switch spec["type"]?.stringValue {
        case "Pods":
            let current = present(status?["pods"]).map { quantity($0.value(atPath: "current.averageValue")) }
            return "\(current ?? "<unknown>")/\(quantity(spec.value(atPath: "pods.target.averageValue")))"
        case let type? where type == "Object" || type == "External":
            let source = type == "Object" ? "object" : "external"
            let target = spec[source]?["target"]
            let reported = present(status?[source])
            if let average = present(target?["averageValue"]) {
                let current = present(reported?.value(atPath: "current.averageValue")).map(quantity)
                return "\(current ?? "<unknown>")/\(quantity(average)) (avg)"
            }
            let current = reported.map { quantity($0.value(atPath: "current.value")) }
            return "\(current ?? "<unknown>")/\(quantity(target?["value"]))"
        case let type? where type == "Resource" || type == "ContainerResource":
            let source = type == "Resource" ? "resource" : "containerResource"
            let name = spec[source]?["name"]?.stringValue ?? ""
            let target = spec[source]?["target"]
            let reported = present(status?[source])
            if let average = present(target?["averageValue"]) {
                let current = reported.map { quantity($0.value(atPath: "current.averageValue")) }
                return "\(name): \(current ?? "<unknown>")/\(quantity(average))"
            }
            let current = reported?.value(atPath: "current.averageUtilization")?.intValue.map { "\($0)%" }
            let goal = target?["averageUtilization"]?.intValue.map { "\($0)%" } ?? "<auto>"
            return "\(name): \(current ?? "<unknown>")/\(goal)"
        default:
            return "<unknown type>"
        }
    }
}
