import GuardCore
import KubeModel

/// The request rate an HPA reports in `status.currentMetrics`: the metric's value times the
/// replicas it is averaged over. Resource metrics (CPU, memory) are not rates and are skipped;
/// the annotation `costguard.dev/rate-metric` names the metric when an HPA has several.
enum HPARate {
    static let metricAnnotation = "costguard.dev/rate-metric"

    enum Outcome: Equatable {
        case rate(Double)
        /// Why no rate could be read, for the SignalsAvailable condition.
        case unavailable(String)
    }

    static func rate(of hpa: HorizontalPodAutoscaler) -> Outcome {
        let wanted = hpa.metadata.annotations?[metricAnnotation]
        let replicas = Double(hpa.status?.currentReplicas ?? 0)
        for metric in hpa.status?.currentMetrics ?? [] {
            let candidate: (name: String, value: MetricValueStatus)?
            switch metric.type {
            case "Pods": candidate = metric.pods.map { ($0.metric.name, $0.current) }
            case "Object": candidate = metric.object.map { ($0.metric.name, $0.current) }
            case "External": candidate = metric.external.map { ($0.metric.name, $0.current) }
            default: candidate = nil
            }
            guard let candidate, wanted == nil || wanted == candidate.name else { continue }
            if let total = candidate.value.value {
                guard let value = Quantity.value(total), value >= 0 else {
                    return .unavailable("metric \(candidate.name) has value \"\(total)\", which is not a quantity")
                }
                return checked(value, metric: candidate.name, read: "value \"\(total)\"")
            }
            if let average = candidate.value.averageValue {
                guard let value = Quantity.value(average), value >= 0 else {
                    return .unavailable("metric \(candidate.name) has averageValue \"\(average)\", which is not a quantity")
                }
                return checked(value * replicas, metric: candidate.name, read: "averageValue \"\(average)\" × \(Int(replicas)) replicas")
            }
        }
        if let wanted { return .unavailable("no current value for metric \(wanted) (named by \(metricAnnotation))") }
        return .unavailable("no Pods, Object or External metric in status.currentMetrics")
    }

    /// A rate beyond any plausible bound (a metric reading `1000E`, say) is a bad signal for this
    /// guard, never a number passed on.
    static func checked(_ rate: Double, metric: String, read: String) -> Outcome {
        guard let problem = SignalBounds.problem(withRate: rate) else { return .rate(rate) }
        return .unavailable("metric \(metric) reads \(read): \(problem)")
    }
}
