import Foundation

/// The wire form of `IntervalReport` (docs/access-logs.md, "GET /v1/intervals"): every sketch's state
/// exactly, 64-bit values as hexadecimal strings (a JSON number loses them past 2^53), the
/// cardinality registers as base64.
extension IntervalReport {
    package static let wireVersion = 1

    package func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(WireReport(self)))
    }

    /// Reads a report back; the error says what is wrong with it.
    package init(json: [UInt8]) throws {
        let wire = try JSONDecoder().decode(WireReport.self, from: Data(json))
        self = try wire.report()
    }
}

package struct IntervalReportError: Error, CustomStringConvertible {
    package var description: String
}

private struct WireReport: Codable {
    var version: Int
    var format: String
    var interval: Int
    var conversions: [String]
    var intervals: [WireInterval]

    init(_ report: IntervalReport) {
        version = IntervalReport.wireVersion
        format = report.format.rawValue
        interval = report.interval
        conversions = report.conversions
        intervals = report.intervals.map(WireInterval.init)
    }

    func report() throws -> IntervalReport {
        guard version == IntervalReport.wireVersion else {
            throw IntervalReportError(description: "version \(version); this costguard reads version \(IntervalReport.wireVersion)")
        }
        guard let logFormat = LogFormat(rawValue: format) else { throw IntervalReportError(description: "format \(format) is not traefik, nginx or envoy") }
        return IntervalReport(format: logFormat, interval: interval, conversions: conversions,
                              intervals: try intervals.map { try $0.interval() })
    }
}

private struct WireInterval: Codable {
    struct Counter: Codable {
        var v6: Bool
        var bits: String
        var count: Int
        var error: Int
    }

    var start: Double
    var closed: Bool
    var requests: Int
    var clientErrors: Int
    var conversions: Int
    var routes: [String: Int]
    var registers: String
    var prefixCapacity: Int
    var prefixTotal: Int
    var prefixes: [Counter]
    var addressCapacity: Int
    var addressLevel: Int
    var addresses: [String: Int]

    init(_ held: IntervalReport.Interval) {
        let sketch = held.sketch
        start = held.start
        closed = held.closed
        requests = sketch.requests
        clientErrors = sketch.clientErrors
        conversions = sketch.conversions
        routes = sketch.routes
        registers = Data(sketch.sources.registers).base64EncodedString()
        prefixCapacity = sketch.prefixes.capacity
        prefixTotal = sketch.prefixes.total
        prefixes = sketch.prefixes.counters.sorted { $0.key < $1.key }
            .map { Counter(v6: $0.key.isV6, bits: String($0.key.bits, radix: 16), count: $0.count, error: $0.error) }
        addressCapacity = sketch.addresses.capacity
        addressLevel = sketch.addresses.level
        addresses = Dictionary(uniqueKeysWithValues: sketch.addresses.counts.map { (String($0.key, radix: 16), $0.value) })
    }

    func interval() throws -> IntervalReport.Interval {
        func bad(_ what: String) -> IntervalReportError { IntervalReportError(description: "the interval at \(start): \(what)") }
        guard let bytes = Data(base64Encoded: registers), let sources = CardinalitySketch(registers: Array(bytes)) else {
            throw bad("registers are not \(1 << CardinalitySketch.precision) base64 bytes of a cardinality sketch")
        }
        let counters = try prefixes.map { counter -> HeavyHitters.Counter in
            guard let bits = UInt64(counter.bits, radix: 16), counter.count >= counter.error, counter.error >= 0 else {
                throw bad("prefix counter \(counter.bits) is not a hexadecimal prefix with a count at least its error")
            }
            return HeavyHitters.Counter(key: PrefixKey(bits: bits, isV6: counter.v6), count: counter.count, error: counter.error)
        }
        guard let heavy = HeavyHitters(capacity: prefixCapacity, total: prefixTotal, counters: counters) else {
            throw bad("\(counters.count) prefix counters for a capacity of \(prefixCapacity)")
        }
        var counts: [UInt64: Int] = [:]
        for (text, count) in addresses {
            guard let hash = UInt64(text, radix: 16), count > 0 else { throw bad("address \(text) is not a hexadecimal hash with a count") }
            counts[hash] = count
        }
        guard let tally = AddressTally(capacity: addressCapacity, level: addressLevel, counts: counts) else {
            throw bad("\(counts.count) addresses at level \(addressLevel) do not fit a tally of capacity \(addressCapacity)")
        }
        guard requests >= 0, clientErrors >= 0, conversions >= 0, clientErrors <= requests, conversions <= requests else {
            throw bad("the counts are negative or above the requests")
        }
        var sketch = IntervalSketch(prefixCapacity: prefixCapacity, addressCapacity: addressCapacity)
        sketch.requests = requests
        sketch.clientErrors = clientErrors
        sketch.conversions = conversions
        sketch.routes = routes
        sketch.sources = sources
        sketch.prefixes = heavy
        sketch.addresses = tally
        return IntervalReport.Interval(start: start, closed: closed, sketch: sketch)
    }
}
