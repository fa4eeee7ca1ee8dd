import Foundation
import GuardCore

/// Turns frames into cumulative counters. A labelled series (a route, a prefix) is written at a
/// step when it has traffic in the previous, this or the next frame: the sample before its first
/// traffic and the flat one after its last are what `irate` needs to read 0 and the exact rate,
/// and the steps between stay unwritten, so a month of rotating prefixes stays small.
struct CounterEncoder {
    let interval: Double
    let label: String
    private var totals: [String: Double] = [:]
    private var routes: [String: Double] = [:]
    private var prefixes: [String: Double] = [:]
    private var line = ""

    init(interval: Double, label: String) {
        self.interval = interval
        self.label = label
    }

    /// The samples before the first frame: every counter of the first frame at zero.
    mutating func emitStart(_ first: SignalFrame, at time: Double, into writer: OpenMetricsBlockWriter) throws {
        let stamp = Int64(time)
        for key in Self.totalKeys(first) { try write(ScenarioMetrics.requests, key.label, key.value, 0, stamp, writer) }
        for route in first.routes ?? [] { try write(ScenarioMetrics.routeRequests, "route", route.route, 0, stamp, writer) }
        for source in first.topSources ?? [] {
            try write(ScenarioMetrics.prefixRequests, "prefix", source.prefix.description, 0, stamp, writer)
        }
        if first.conversionRatio != nil { try write(ScenarioMetrics.orders, nil, nil, 0, stamp, writer) }
        if first.newSourceRatio != nil { try write(ScenarioMetrics.newClientRequests, nil, nil, 0, stamp, writer) }
    }

    mutating func emit(_ frame: SignalFrame, previous: SignalFrame?, next: SignalFrame?, at time: Double,
                       into writer: OpenMetricsBlockWriter) throws {
        let stamp = Int64(time)
        let requests = frame.rps * interval
        let errors = requests * (frame.clientErrorRatio ?? 0)
        add(&totals, "200", requests - errors)
        if frame.clientErrorRatio != nil { add(&totals, "404", errors) }
        for key in Self.totalKeys(frame) {
            try write(ScenarioMetrics.requests, key.label, key.value, totals[key.value] ?? 0, stamp, writer)
        }
        if let conversion = frame.conversionRatio {
            add(&totals, "orders", requests * conversion)
            try write(ScenarioMetrics.orders, nil, nil, totals["orders"]!, stamp, writer)
        }
        if let newRatio = frame.newSourceRatio {
            add(&totals, "new", requests * newRatio)
            try write(ScenarioMetrics.newClientRequests, nil, nil, totals["new"]!, stamp, writer)
        }
        if let unique = frame.uniqueSources {
            try write(ScenarioMetrics.uniqueClients, nil, nil, unique, stamp, writer)
        }
        for route in frame.routes ?? [] { add(&routes, route.route, frame.rps * route.share * interval) }
        for name in Self.union(previous?.routes?.map(\.route), frame.routes?.map(\.route), next?.routes?.map(\.route)) {
            try write(ScenarioMetrics.routeRequests, "route", name, routes[name] ?? 0, stamp, writer)
        }
        for source in frame.topSources ?? [] { add(&prefixes, source.prefix.description, source.rps * interval) }
        let names = Self.union(previous?.topSources?.map(\.prefix.description), frame.topSources?.map(\.prefix.description),
                               next?.topSources?.map(\.prefix.description))
        for name in names { try write(ScenarioMetrics.prefixRequests, "prefix", name, prefixes[name] ?? 0, stamp, writer) }
    }

    private static func totalKeys(_ frame: SignalFrame) -> [(label: String, value: String)] {
        frame.clientErrorRatio == nil ? [("code", "200")] : [("code", "200"), ("code", "404")]
    }

    private func add(_ table: inout [String: Double], _ key: String, _ amount: Double) {
        table[key, default: 0] += amount
    }

    private static func union(_ lists: [String]?...) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for list in lists { for name in list ?? [] where seen.insert(name).inserted { names.append(name) } }
        return names
    }

    private mutating func write(_ family: String, _ key: String?, _ value: String?, _ number: Double, _ stamp: Int64,
                                _ writer: OpenMetricsBlockWriter) throws {
        line.removeAll(keepingCapacity: true)
        line += family
        if family != ScenarioMetrics.uniqueClients { line += "_total" }
        line += "{scenario=\""
        line += label
        line += "\""
        if let key, let value {
            line += ","
            line += key
            line += "=\""
            line += value
            line += "\""
        }
        line += "} "
        line += "\(number)"
        line += " "
        line += String(stamp)
        line += "\n"
        try writer.append(line, at: stamp)
    }
}
