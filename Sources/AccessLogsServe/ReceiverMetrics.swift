import AccessLogs
import Prometheus

/// A family's name and help, as swift-prometheus describes it (the whole name, no unit added).
private func family(_ name: String, _ help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
}

/// The receiver's `/metrics`, in a Prometheus registry of its own (never a process-wide one, so that
/// two receivers in one process, as in the tests, count apart), every family with its help text.
package final class ReceiverMetrics: Sendable {
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let registry: PrometheusCollectorRegistry
    private let lines: Counter
    private let bytes: Counter
    private let skipped: [SkipReason: Counter]
    private let intervals: Gauge
    private let entries: Gauge

    package init(format: LogFormat) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        lines = registry.makeCounter(descriptor: family("costguard_ingest_lines_total", "Access-log lines the receiver added to an interval."), labels: [("format", format.rawValue)])
        bytes = registry.makeCounter(descriptor: family("costguard_ingest_bytes_total", "Request body bytes the receiver read (after gzip), accepted bodies only."))
        skipped = Dictionary(uniqueKeysWithValues: SkipReason.allCases.map { reason in
            (reason, registry.makeCounter(descriptor: family("costguard_ingest_lines_skipped_total", "Lines the receiver could not use, by reason; never fatal."), labels: [("reason", reason.label)]))
        })
        intervals = registry.makeGauge(descriptor: family("costguard_ingest_intervals_held", "Intervals the receiver holds for GET /v1/intervals (at most --keep)."))
        entries = registry.makeGauge(descriptor: family("costguard_ingest_sketch_entries_held", "Heavy-hitter counters and sampled addresses held over all intervals (bounded per interval)."))
    }

    /// One answered request, by route and status; `drop` names why a body was refused unread.
    package func request(_ route: String, status: Int) {
        registry.makeCounter(descriptor: family("costguard_ingest_requests_total", "HTTP requests the receiver answered, by route and status code."), labels: [("route", route), ("code", String(status))]).increment()
    }

    /// A body refused before ingest: too large (413) or the receiver busy (503, the shipper retries).
    package func dropped(_ reason: String) {
        registry.makeCounter(descriptor: family("costguard_ingest_requests_dropped_total", "Request bodies refused unread: too_large (413) or busy (503 with Retry-After; shippers retry)."), labels: [("reason", reason)]).increment()
    }

    package func ingested(_ outcome: BatchOutcome, bodyBytes: Int) {
        lines.increment(by: Int64(outcome.accepted))
        bytes.increment(by: Int64(bodyBytes))
        for (reason, count) in outcome.skipped { skipped[reason]?.increment(by: Int64(count)) }
    }

    package func held(intervals count: Int, entries held: Int) {
        intervals.set(Int64(count))
        entries.set(Int64(held))
    }

    package func expositionBytes() -> [UInt8] { registry.emitToBuffer() }
}

extension SkipReason {
    /// The metric label: the case name, snake_cased.
    package var label: String {
        switch self {
        case .notJSON: "not_json"
        case .notNginx: "not_nginx"
        case .missingField: "missing_field"
        case .badTime: "bad_time"
        case .badAddress: "bad_address"
        case .badStatus: "bad_status"
        case .badRequest: "bad_request"
        case .late: "late"
        case .ahead: "ahead"
        case .notText: "not_text"
        }
    }
}
