import GuardCore
import Testing

/// Frames read back from Prometheus against the scenario's own: equal within floating-point
/// rounding (counters sum 15 s increments; irate takes their differences).
enum FrameMatching {
    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-6) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
        default: return false
        }
    }

    /// The first difference between two frames, or nil when they match.
    static func difference(_ built: SignalFrame, _ expected: SignalFrame) -> String? {
        if !close(built.t, expected.t) { return "t \(built.t) vs \(expected.t)" }
        if !close(built.rps, expected.rps) { return "rps \(built.rps) vs \(expected.rps)" }
        if !close(built.clientErrorRatio, expected.clientErrorRatio) { return "clientErrorRatio \(String(describing: built.clientErrorRatio)) vs \(String(describing: expected.clientErrorRatio))" }
        if !close(built.conversionRatio, expected.conversionRatio) { return "conversionRatio \(String(describing: built.conversionRatio)) vs \(String(describing: expected.conversionRatio))" }
        if !close(built.uniqueSources, expected.uniqueSources) { return "uniqueSources \(String(describing: built.uniqueSources)) vs \(String(describing: expected.uniqueSources))" }
        if !close(built.newSourceRatio, expected.newSourceRatio) { return "newSourceRatio \(String(describing: built.newSourceRatio)) vs \(String(describing: expected.newSourceRatio))" }
        if (built.routes == nil) != (expected.routes == nil) { return "routes present \(built.routes != nil) vs \(expected.routes != nil)" }
        if let routes = built.routes, let want = expected.routes {
            let got = Dictionary(uniqueKeysWithValues: routes.map { ($0.route, $0.share) })
            guard got.count == want.count else { return "routes \(got.keys.sorted()) vs \(want.map(\.route).sorted())" }
            for route in want where !close(got[route.route], route.share) {
                return "route \(route.route) \(String(describing: got[route.route])) vs \(route.share)"
            }
        }
        if (built.topSources == nil) != (expected.topSources == nil) { return "sources present \(built.topSources != nil) vs \(expected.topSources != nil)" }
        if let top = built.topSources, let want = expected.topSources {
            let got = Dictionary(uniqueKeysWithValues: top.map { ($0.prefix, $0.rps) })
            guard got.count == want.count else { return "\(got.count) sources vs \(want.count)" }
            for source in want where !close(got[source.prefix], source.rps) {
                return "source \(source.prefix) \(String(describing: got[source.prefix])) vs \(source.rps)"
            }
            if zip(top, top.dropFirst()).contains(where: { $0.rps < $1.rps }) { return "sources are not in descending order" }
        }
        return nil
    }
}
