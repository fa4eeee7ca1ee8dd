import Foundation
import GuardCore

/// Which of a frame's signals a guard has: all of them, what an ingress controller's own counters
/// give (rate, client errors, routes), or the rate alone (HPA metrics, the default without Prometheus).
/// `counted` is all of them as a real ingress measures them: the catalogue's ratios are exact mixes,
/// while a frame's conversions, errors and route shares are counts of its requests.
package enum SignalSet: String, Sendable, CaseIterable {
    case full
    case rpsErrorsRoutes = "rps-errors-routes"
    case rps
    case counted

    /// The frame as a guard with only these signals would see it; `random` draws the counting noise
    /// over an `interval` of seconds.
    package func apply(_ frame: SignalFrame, interval: Double, random: inout SplitMix64) -> SignalFrame {
        switch self {
        case .full: return frame
        case .rpsErrorsRoutes:
            return SignalFrame(t: frame.t, rps: frame.rps, clientErrorRatio: frame.clientErrorRatio, routes: frame.routes)
        case .rps: return SignalFrame(t: frame.t, rps: frame.rps)
        case .counted: return Self.counted(frame, interval: interval, random: &random)
        }
    }

    /// Ratios become the share of the interval's requests a binomial count gives (the interval's
    /// requests are rps x interval), top prefixes' rates Poisson counts, and distinct sources a
    /// cardinality sketch's estimate (1% standard error).
    static func counted(_ frame: SignalFrame, interval: Double, random: inout SplitMix64) -> SignalFrame {
        let requests = frame.rps * interval
        guard requests >= 1 else { return frame }
        func share(_ ratio: Double?) -> Double? {
            guard let ratio else { return nil }
            let mean = requests * ratio, spread = (requests * ratio * (1 - ratio)).squareRoot()
            return min(1, max(0, (mean + spread * random.normal()).rounded() / requests))
        }
        var counted = frame
        counted.conversionRatio = share(frame.conversionRatio)
        counted.clientErrorRatio = share(frame.clientErrorRatio)
        counted.newSourceRatio = share(frame.newSourceRatio)
        counted.routes = frame.routes?.map { RouteShare(route: $0.route, share: share($0.share) ?? $0.share) }
        counted.uniqueSources = frame.uniqueSources.map { max(1, ($0 * (1 + 0.01 * random.normal())).rounded()) }
        counted.topSources = frame.topSources?.map { source in
            let mean = source.rps * interval
            return SourceRate(prefix: source.prefix, rps: max(0, (mean + mean.squareRoot() * random.normal()).rounded() / interval))
        }
        return counted
    }
}
