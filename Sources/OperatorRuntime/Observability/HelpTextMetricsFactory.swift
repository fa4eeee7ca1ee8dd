import Metrics
import class Prometheus.PrometheusCollectorRegistry
import struct Prometheus.MetricNameDescriptor
import struct Prometheus.PrometheusMetricsFactory

/// A swift-metrics factory over a Prometheus registry that gives every family its `# HELP` line.
/// swift-prometheus's own factory registers every family with empty help (swift-metrics has no
/// place for it), so `promtool check metrics` flags them all; this one looks the help up by name.
/// A family without help text is a programming error, caught by OperatorMetricsTests.
struct HelpTextMetricsFactory: MetricsFactory {
    let base: PrometheusMetricsFactory
    let help: [String: String]

    var registry: PrometheusCollectorRegistry { base.registry }

    private func descriptor(_ name: String) -> MetricNameDescriptor {
        // The whole name as the metric name: no namespace, subsystem or unit is added to it.
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        let buckets = base.valueHistogramBuckets[label] ?? base.defaultValueHistogramBuckets
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = base.durationHistogramBuckets[label] ?? base.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    // Unregistering needs no help text: swift-prometheus's factory does it.
    func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { base.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
