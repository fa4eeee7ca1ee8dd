/// Retries: the same clients sending the same requests again after errors or slow answers. They add
/// requests but neither clients nor purchases, so conversions per request fall by the repeats' share
/// while conversions per client stay as usual. A drop in conversion that conversions per client do
/// not show is explained by repeats, when the repeats look like retries: the usual route mix (a
/// client retries what it asked for) and a few times a client's usual rate (a client's two or three
/// attempts), not tens. Bots are other clients that do not buy, so they take conversions per client
/// down with them; a few fast ones among many users do not, and are told apart by asking other
/// routes or by sending far faster (docs/classifier.md, Quality evidence).
struct RepeatedRequests {
    /// Requests per client against the usual rate per client.
    let perClientMultiple: Double
    /// How far the frame's shape allows repeats by the usual clients, in [0, 1], before conversion is looked at.
    let plausibility: Double

    /// Route mix distances up to `sameRoutes` count as the usual mix; from `otherRoutes` on (where
    /// the route-shift evidence begins) the requests are other requests, not repeats.
    static let sameRoutes = 0.1
    static let otherRoutes = 0.15
    /// A client retrying sends up to `fewAttempts` times its usual rate; from `manyAttempts` on it is not retrying.
    static let fewAttempts = 3.0
    static let manyAttempts = 5.0

    /// Nil when the frame cannot tell (no per-client rate or no route mix to compare).
    init?(perClientMultiple: Double?, routeDistance: Double?) {
        guard let perClientMultiple, perClientMultiple > 1, let routeDistance else { return nil }
        self.perClientMultiple = perClientMultiple
        plausibility = (1 - ramp(routeDistance, Self.sameRoutes, Self.otherRoutes))
            * (1 - ramp(perClientMultiple, Self.fewAttempts, Self.manyAttempts))
        guard plausibility > 0 else { return nil }
    }

    /// Conversion against its usual ratio with the repeats allowed for: the share of the requests
    /// that buy as users do, counted per client where conversions per client are as usual.
    /// Conversions per client at 95% of usual or more explain the drop in full, from 80% down not at
    /// all (the bounds of `SurgeClassifier.buyingShareLow`/`High`, read per client).
    func conversionOfNormal(perRequest: Double) -> Double {
        guard perRequest < 1 else { return perRequest }
        let perClient = perRequest * perClientMultiple
        let explained = plausibility
            * ramp(perClient, 1 - SurgeClassifier.buyingShareHigh, 1 - SurgeClassifier.buyingShareLow)
        return perRequest + (min(1, perClient) - perRequest) * explained
    }
}
