import CostGuardAPI

/// One evaluation's signals: the scenario frame format, and what the live signal sources build.
/// Every field but `t` and `rps` may be missing; the classifier says when it had less to go on.
public struct SignalFrame: Sendable, Hashable {
    /// Seconds since the scenario's (or the guard's) start.
    public var t: Double
    /// Offered request rate at the ingress, averaged over the interval.
    public var rps: Double
    public var clientErrorRatio: Double?
    public var conversionRatio: Double?
    /// Share of requests per route (top routes); nil when the frame has none.
    public var routes: [RouteShare]?
    /// Distinct client addresses in the interval.
    public var uniqueSources: Double?
    /// Share of requests from addresses not seen in the previous 7 days.
    public var newSourceRatio: Double?
    /// Up to 20 heaviest client prefixes by rps, descending.
    public var topSources: [SourceRate]?

    public init(t: Double, rps: Double, clientErrorRatio: Double? = nil, conversionRatio: Double? = nil,
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

public struct RouteShare: Sendable, Hashable {
    public var route: String
    public var share: Double
    public init(route: String, share: Double) {
        self.route = route
        self.share = share
    }
}

public struct SourceRate: Sendable, Hashable {
    public var prefix: IPPrefix
    public var rps: Double
    public init(prefix: IPPrefix, rps: Double) {
        self.prefix = prefix
        self.rps = rps
    }
}
