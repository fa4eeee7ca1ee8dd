/// What normal looks like for one workload: rate levels and the quality of its traffic, learned
/// only from frames that did not look like an attack, so an attack cannot teach itself in.
struct TrafficBaseline: Sendable {
    /// Recent rate (time constant 30 min): the band a sudden surge is measured against.
    var rate = DecayingMean()
    /// Long rate (6 h): catches slow ramps that the recent rate follows.
    var slowRate = DecayingMean()
    /// The rate at each quarter hour of the day, across days.
    var daily = [DecayingMean](repeating: DecayingMean(), count: 96)
    var errorRatio = DecayingMean()
    var conversionRatio = DecayingMean()
    var perSourceRate = DecayingMean()
    var newSourceRatio = DecayingMean()
    var topShare = DecayingMean()
    /// Conversion and new-source ratios as they were on ordinary days (time constant 24 h), learned
    /// only from clean frames at the rate of the same slot on earlier days: a ramp that grows past
    /// the day's curve cannot drag them along as it drags the 1-hour baselines.
    var anchoredConversion = DecayingMean()
    var anchoredNewRatio = DecayingMean()
    /// Route names and their unnormalised shares, side by side: a handful of routes, scanned linearly
    /// (cheaper than hashing route strings every frame).
    var routeNames: [String] = []
    var routeShares: [Double] = []
    var routeSupport = 0.0

    static let minimumSupport = 0.5

    /// Route shares are kept unnormalised and divided by `routeSupport` when read (bias correction).
    mutating func learnRoutes(_ shares: [RouteShare], alpha: Double) {
        for index in routeShares.indices { routeShares[index] *= (1 - alpha) }
        for (position, share) in shares.enumerated() {
            if let index = routeIndex(share.route, hint: position) {
                routeShares[index] += alpha * share.share
            } else if routeNames.count < 64 {
                routeNames.append(share.route)
                routeShares.append(alpha * share.share)
            }
        }
        routeSupport = routeSupport * (1 - alpha) + alpha
    }

    /// Frames list their routes in the same order, so the route's position is tried first.
    @inline(__always)
    private func routeIndex(_ route: String, hint: Int) -> Int? {
        if hint < routeNames.count, routeNames[hint] == route { return hint }
        return routeNames.firstIndex(of: route)
    }

    /// Total variation distance between a frame's route mix and the usual mix, with the route that moved most.
    func routeShift(_ shares: [RouteShare]) -> (distance: Double, route: String, share: Double)? {
        guard routeSupport >= Self.minimumSupport, !routeNames.isEmpty else { return nil }
        var distance = 0.0
        var moved = (route: "", share: 0.0, change: 0.0)
        var matchedUsual = 0.0
        for (position, share) in shares.enumerated() {
            var usual = 0.0
            if let index = routeIndex(share.route, hint: position) { usual = routeShares[index] / routeSupport }
            matchedUsual += usual
            let change = abs(share.share - usual)
            distance += change
            if change > moved.change { moved = (share.route, share.share, change) }
        }
        // Usual routes missing from the frame count in full.
        let totalUsual = routeShares.reduce(0, +) / routeSupport
        distance += max(0, totalUsual - matchedUsual)
        return (distance / 2, moved.route, moved.share)
    }
}
