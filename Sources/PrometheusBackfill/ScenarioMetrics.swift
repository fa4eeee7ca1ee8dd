import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO

/// The metrics a scenario's traffic would have left in Prometheus, and the PromQL that reads the
/// frames back from them. Counters, as an ingress exports them: requests by status code, by route
/// and by client prefix; orders; requests from new clients; and a gauge of distinct clients.
/// Every series carries `scenario="<label>"`, so several scenarios can share one Prometheus.
package enum ScenarioMetrics {
    package static let requests = "ingress_requests"
    package static let routeRequests = "ingress_route_requests"
    package static let prefixRequests = "ingress_client_prefix_requests"
    package static let newClientRequests = "ingress_new_client_requests"
    package static let orders = "shop_orders"
    package static let uniqueClients = "ingress_unique_clients"

    /// The queries that turn these metrics back into frames. `irate` over `[1m]` takes the last two
    /// samples, 15 s apart: exactly one interval's increase, as the frame's "averaged over the interval".
    package static func queries(label: String, url: String) -> CostGuardSpec.Signals.Prometheus {
        let match = "scenario=\"\(label)\""
        let total = "sum(irate(\(requests)_total{\(match)}[1m]))"
        var config = CostGuardSpec.Signals.Prometheus(url: url, requestRate: total)
        config.clientErrorRatio = "sum(irate(\(requests)_total{\(match),code=~\"4..\"}[1m])) / \(total)"
        config.conversionRatio = "sum(irate(\(orders)_total{\(match)}[1m])) / \(total)"
        config.routes = "sum by (route) (irate(\(routeRequests)_total{\(match)}[1m])) / scalar(\(total)) > 0"
        config.sources = "topk(20, sum by (prefix) (irate(\(prefixRequests)_total{\(match)}[1m])) > 0)"
        config.uniqueSources = "max(\(uniqueClients){\(match)})"
        config.newSourceRatio = "sum(irate(\(newClientRequests)_total{\(match)}[1m])) / \(total)"
        return config
    }

    /// The rate-only subset: what a guard reads when it has nothing but the request rate.
    package static func rateOnlyQueries(label: String, url: String) -> CostGuardSpec.Signals.Prometheus {
        CostGuardSpec.Signals.Prometheus(url: url, requestRate: queries(label: label, url: url).requestRate)
    }

    /// Streams the scenario at `path` into OpenMetrics files under `directory`, one per 2-hour block
    /// (promtool reads its whole input once per block it writes, so one block per file keeps a
    /// month linear). `start` moves the scenario in time (Prometheus serves what its retention keeps).
    /// Returns the files written, in time order.
    package static func export(scenario path: String, label: String, directory: String,
                              start: Date? = nil) throws -> [String] {
        let reader = try ScenarioReader(path: path)
        let origin = (start ?? reader.header.start).timeIntervalSince1970.rounded()
        let writer = try OpenMetricsBlockWriter(directory: directory, label: label)
        var encoder = CounterEncoder(interval: reader.header.interval, label: label)
        var previous: SignalFrame?
        var current = try reader.next()
        if let first = current { try encoder.emitStart(first, at: origin - reader.header.interval, into: writer) }
        while let frame = current {
            let next = try reader.next()
            try encoder.emit(frame, previous: previous, next: next, at: origin + frame.t, into: writer)
            previous = frame
            current = next
        }
        return try writer.finish()
    }
}
