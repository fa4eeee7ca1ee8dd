import CostGuardAPI

/// One evaluation's signals: the scenario frame format, and what the live signal sources build.
/// Every field but `t` and `rps` may be missing; the classifier says when it had less to go on.
package struct SignalFrame: Sendable, Hashable {
    /// Seconds since the scenario's (or the guard's) start.
    package var t: Double
    /// Offered request rate at the ingress, averaged over the interval.
    package var rps: Double
    package var clientErrorRatio: Double?
    package var conversionRatio: Double?
    /// Share of requests per route (top routes); nil when the frame has none.
    package var routes: [RouteShare]?
    /// Distinct client addresses in the interval.
    package var uniqueSources: Double?
    /// Share of requests from addresses not seen in the previous 7 days.
    package var newSourceRatio: Double?
    /// Up to 20 heaviest client prefixes by rps, descending.
    package var topSources: [SourceRate]?

    package init(t: Double, rps: Double, clientErrorRatio: Double? = nil, conversionRatio: Double? = nil,
                routes: [RouteShare]? = nil, uniqueSources: Double? = nil, newSourceRatio: Double? = nil,
                topSources: [SourceRate]? = nil) {
        self.t = t
        self.rps = rps
        self.clientErrorRatio = clientErrorRatio
        self.conversionRatio = conversionRatio
        self.routes = routes
        self.uniqueSources = uniqueSources
        self.newSourceRatio = newSourceRatio
        self.topSources = topSources
    }
}

package struct RouteShare: Sendable, Hashable {
    package var route: String
    package var share: Double
    package init(route: String, share: Double) {
        self.route = route
        self.share = share
    }
}

package struct SourceRate: Sendable, Hashable {
    package var prefix: IPPrefix
    package var rps: Double
    package init(prefix: IPPrefix, rps: Double) {
        self.prefix = prefix
        self.rps = rps
    }
}
