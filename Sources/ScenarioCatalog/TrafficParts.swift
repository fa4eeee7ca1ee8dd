/// The routes every scenario's traffic is spread over, in this order.
public let scenarioRoutes = ["/", "/product", "/search", "/cart", "/checkout", "/login"]

/// The organic baseline: real users on a daily rhythm, with slow wander and per-frame noise.
public struct OrganicBaseline: Sendable, Hashable {
    /// Mean rate over a day, in requests per second.
    public var meanRps: Double
    /// The daily swing: the rate goes from (1 - a) at the trough to (1 + a) at the peak.
    public var diurnalAmplitude = 0.36
    /// Hour of day (UTC) of the trough.
    public var troughHour = 3.0
    /// Saturday and Sunday traffic relative to weekdays.
    public var weekendFactor = 1.0
    public var errorRatio = 0.018
    public var conversionRatio = 0.032
    /// Share of requests from addresses not seen in the previous 7 days.
    public var newRatio = 0.12
    /// Requests per second per distinct client address in an interval.
    public var perSourceRps = 0.08
    public var routes: [Double] = [0.30, 0.38, 0.16, 0.10, 0.05, 0.01]

    public init(meanRps: Double) { self.meanRps = meanRps }
}

/// Organic traffic beyond the baseline: adoption growth, a flash crowd, an email campaign, a launch.
public struct OrganicEpisode: Sendable, Hashable {
    public enum Effect: Sendable, Hashable {
        /// The whole organic rate grows to `multiple` times itself at full strength (new users adopting).
        case growth(multiple: Double)
        /// Extra traffic of `multipleOfMean` times the baseline mean at full strength (a crowd arriving).
        case crowd(multipleOfMean: Double)
    }

    public var name: String
    public var shape: Shape
    public var effect: Effect
    /// Share of the episode's traffic from addresses not seen in the previous 7 days.
    public var newShare: Double
    /// The episode's conversion relative to the baseline's (buyers from an email convert better).
    public var conversionFactor = 1.0
    /// The episode's own route mix, or nil for the baseline's.
    public var routes: [Double]?
    /// Prefixes that carry the episode's new users (a region's carriers); they are organic.
    public var newcomerPrefixes = 0
    /// The share of the episode's new users that its newcomer prefixes carry.
    public var newcomerShare = 0.2
    /// Retries per request from clients that get slow answers: same clients, same pages, no conversion.
    public var retryFactor = 0.0
    /// The heaviest known organic prefixes the audience comes through (carrier NAT, corporate proxy),
    /// carrying `knownShare` of the episode's requests evenly between them.
    public var knownPrefixes = 0
    public var knownShare = 0.0

    public init(name: String, shape: Shape, effect: Effect, newShare: Double) {
        self.name = name
        self.shape = shape
        self.effect = effect
        self.newShare = newShare
    }
}

/// Attack traffic: a botnet with its rate shape, its prefixes and the quality of its requests.
public struct AttackWave: Sendable, Hashable {
    public var name: String
    public var shape: Shape
    public var peakRps: Double
    /// Distinct bot addresses at full strength (bots join as the shape rises).
    public var bots: Int
    /// Listed prefixes of the botnet and the share of its traffic they carry together.
    public var prefixCount: Int
    public var headShare: Double
    public var skew: Double
    public var errorRatio: Double
    public var conversionRatio: Double
    public var newShare: Double
    public var routes: [Double]
    /// `peakRps` is a multiple of the organic rate of the moment: the attack follows the day's shape.
    public var followsOrganic = false
    /// The botnet sends from residential ranges (proxies, infected home devices), not hosting ones.
    public var residential = false
    /// Each bot's rate, when the bots pace themselves (a human rate): their number then follows the rate.
    public var perBotRps: Double?

    public init(name: String, shape: Shape, peakRps: Double, bots: Int, prefixCount: Int, headShare: Double,
                skew: Double = 0.9, errorRatio: Double, conversionRatio: Double, newShare: Double, routes: [Double]) {
        self.name = name
        self.shape = shape
        self.peakRps = peakRps
        self.bots = bots
        self.prefixCount = prefixCount
        self.headShare = headShare
        self.skew = skew
        self.errorRatio = errorRatio
        self.conversionRatio = conversionRatio
        self.newShare = newShare
        self.routes = routes
    }
}

/// A fault of our own making (a bad deploy): errors up, conversion down, a few retries; not an attack.
public struct QualityIncident: Sendable, Hashable {
    public var shape: Shape
    /// Client errors added to organic traffic at full strength.
    public var addedErrorRatio: Double
    public var conversionFactor: Double
    /// Extra requests from clients retrying, as a fraction of organic traffic.
    public var retryFraction: Double

    public init(shape: Shape, addedErrorRatio: Double, conversionFactor: Double, retryFraction: Double) {
        self.shape = shape
        self.addedErrorRatio = addedErrorRatio
        self.conversionFactor = conversionFactor
        self.retryFraction = retryFraction
    }
}
