import GuardCore

/// Sums the parts of one frame's traffic, each with its own quality, into the frame's signals:
/// ratios are weighted by each part's rate.
struct TrafficMix {
    private(set) var rps = 0.0
    private var errors = 0.0
    private var conversions = 0.0
    private var newRequests = 0.0
    private var sources = 0.0
    private var routes: [Double]

    init(routeCount: Int) { routes = Array(repeating: 0, count: routeCount) }

    mutating func add(rps part: Double, errors errorRatio: Double, conversion: Double, newShare: Double,
                      routes shares: [Double], sources count: Double) {
        guard part > 0 else { return }
        rps += part
        errors += part * errorRatio
        conversions += part * conversion
        newRequests += part * newShare
        sources += count
        for index in routes.indices where index < shares.count { routes[index] += part * shares[index] }
    }

    /// A fault of our own on everything added so far: more errors, fewer conversions, retries.
    mutating func degrade(addedErrors: Double, conversionFactor: Double, retries: Double) {
        guard addedErrors > 0 || conversionFactor < 1 || retries > 0 else { return }
        errors += rps * addedErrors
        conversions *= conversionFactor
        let extra = rps * retries
        // Retries come from the same clients, fail like the rest and do not convert.
        errors += extra * min(1, errors / max(rps, 1e-9))
        newRequests += extra * newRequests / max(rps, 1e-9)
        for index in routes.indices { routes[index] *= 1 + retries }
        rps += extra
    }

    func frame(t: Double, listed: [SourceRate], top count: Int, rateOnly: Bool, random: inout SplitMix64) -> SignalFrame {
        let total = Self.round(rps, 2)
        guard !rateOnly else { return SignalFrame(t: t, rps: total) }
        var shares: [RouteShare] = []
        for (name, weight) in zip(scenarioRoutes, routes) {
            let share = Self.round(min(1, max(0, weight / rps + 0.002 * random.normal())), 4)
            if share >= 0.001 { shares.append(RouteShare(route: name, share: share)) }
        }
        let heaviest = listed.sorted { $0.rps > $1.rps }.prefix(count).map { SourceRate(prefix: $0.prefix, rps: Self.round($0.rps, 2)) }
        let unique = (sources * max(0.5, 1 + 0.02 * random.normal())).rounded()
        return SignalFrame(t: t, rps: total,
                           clientErrorRatio: Self.round(min(1, errors / rps), 4),
                           conversionRatio: Self.round(min(1, conversions / rps), 5),
                           routes: shares, uniqueSources: max(1, unique),
                           newSourceRatio: Self.round(min(1, newRequests / rps), 4),
                           topSources: heaviest)
    }

    static func round(_ value: Double, _ digits: Int) -> Double {
        let scale = [1.0, 10, 100, 1000, 10_000, 100_000][digits]
        return (value * scale).rounded() / scale
    }
}
