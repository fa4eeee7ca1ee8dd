/// The routes every scenario's traffic is spread over, in this order.
package let scenarioRoutes = ["/", "/product", "/search", "/cart", "/checkout", "/login"]

/// The organic baseline: real users on a daily rhythm, with slow wander and per-frame noise.
package struct OrganicBaseline: Sendable, Hashable {
    /// Mean rate over a day, in requests per second.
    package var meanRps: Double
    /// The daily swing: the rate goes from (1 - a) at the trough to (1 + a) at the peak.
    package var diurnalAmplitude = 0.36
    /// Hour of day (UTC) of the trough.
    package var troughHour = 3.0
    /// Saturday and Sunday traffic relative to weekdays.
    package var weekendFactor = 1.0
    package var errorRatio = 0.018
    package var conversionRatio = 0.032
    /// Share of requests from addresses not seen in the previous 7 days.
    package var newRatio = 0.12
    /// Requests per second per distinct client address in an interval.
    package var perSourceRps = 0.08
    package var routes: [Double] = [0.30, 0.38, 0.16, 0.10, 0.05, 0.01]

    package init(meanRps: Double) { self.meanRps = meanRps }
}

/// Organic traffic beyond the baseline: adoption growth, a flash crowd, an email campaign, a launch.
package struct OrganicEpisode: Sendable, Hashable {
    package enum Effect: Sendable, Hashable {
        /// The whole organic rate grows to `multiple` times itself at full strength (new users adopting).
        case growth(multiple: Double)
        /// Extra traffic of `multipleOfMean` times the baseline mean at full strength (a crowd arriving).
        case crowd(multipleOfMean: Double)
    }

    package var name: String
    package var shape: Shape
    package var effect: Effect
    /// Share of the episode's traffic from addresses not seen in the previous 7 days.
    package var newShare: Double
    /// The episode's conversion relative to the baseline's (buyers from an email convert better).
    package var conversionFactor = 1.0
    /// The episode's own route mix, or nil for the baseline's.
    package var routes: [Double]?
    /// Prefixes that carry the episode's new users (a region's carriers); they are organic.
    package var newcomerPrefixes = 0
    /// The share of the episode's new users that its newcomer prefixes carry.
    package var newcomerShare = 0.2
    /// Retries per request from clients that get slow answers: same clients, same pages, no conversion.
    package var retryFactor = 0.0
    /// The heaviest known organic prefixes the audience comes through (carrier NAT, corporate proxy),
    /// carrying `knownShare` of the episode's requests evenly between them.
    package var knownPrefixes = 0
    package var knownShare = 0.0

    package init(name: String, shape: Shape, effect: Effect, newShare: Double) {
        self.name = name
        self.shape = shape
        self.effect = effect
        self.newShare = newShare
    }
}

/// Attack traffic: a botnet with its rate shape, its prefixes and the quality of its requests.
package struct AttackWave: Sendable, Hashable {
    package var name: String
    package var shape: Shape
    package var peakRps: Double
    /// Distinct bot addresses at full strength (bots join as the shape rises).
    package var bots: Int
    /// Listed prefixes of the botnet and the share of its traffic they carry together.
    package var prefixCount: Int
    package var headShare: Double
    package var skew: Double
    package var errorRatio: Double
    package var conversionRatio: Double
    package var newShare: Double
    package var routes: [Double]
    /// `peakRps` is a multiple of the organic rate of the moment: the attack follows the day's shape.
    package var followsOrganic = false
    /// The botnet sends from residential ranges (proxies, infected home devices), not hosting ones.
    package var residential = false
    /// Each bot's rate, when the bots pace themselves (a human rate): their number then follows the rate.
    package var perBotRps: Double?

    package init(name: String, shape: Shape, peakRps: Double, bots: Int, prefixCount: Int, headShare: Double,
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
package struct QualityIncident: Sendable, Hashable {
    package var shape: Shape
    /// Client errors added to organic traffic at full strength.
    package var addedErrorRatio: Double
    package var conversionFactor: Double
    /// Extra requests from clients retrying, as a fraction of organic traffic.
    package var retryFraction: Double

    package init(shape: Shape, addedErrorRatio: Double, conversionFactor: Double, retryFraction: Double) {
        self.shape = shape
        self.addedErrorRatio = addedErrorRatio
        self.conversionFactor = conversionFactor
        self.retryFraction = retryFraction
    }
}
