import GuardCore
import CostGuardAPI

/// Turns requests into frames, one interval at a time and in interval order. An interval closes
/// once the newest request is `maxLateness` past its end; a request for a closed interval is late
/// and skipped. Frames depend only on which requests fall in which interval, never on the order
/// they arrive in within the lateness bound.
package final class LogIngest {
    package let options: IngestOptions
    package private(set) var history: SourceHistory
    package private(set) var skipped = SkipTally()
    package private(set) var linesRead = 0
    private let routes = RouteTable()
    /// Open intervals, boxed so that a line updates its interval in place (no copy-on-write).
    private var open: [Int: OpenInterval] = [:]
    private var newest = -Double.infinity
    /// Index of the next interval to close (interval index = floor(time / interval)); nil before the first.
    private var nextIndex: Int?
    private let emit: (SignalFrame, _ start: Double) throws -> Void
    private var firstStart: Double?

    /// `emit` gets each frame with its interval's start (seconds since 1970), in order, gaps filled.
    package init(options: IngestOptions, history: SourceHistory, emit: @escaping (SignalFrame, Double) throws -> Void) {
        self.options = options
        self.history = history
        self.emit = emit
    }

    /// Counts a line that could not be read.
    package func skip(_ reason: SkipReason, file: String, line: Int) {
        linesRead += 1
        skipped.count(reason, file: file, line: line)
    }

    @inline(__always) package func add(_ record: LogRecord, file: String, line: Int) throws {
        linesRead += 1
        let index = Int((record.time / Double(options.interval)).rounded(.down))
        if record.time < newest - options.maxLateness || (nextIndex.map { index < $0 } ?? false) {
            skipped.count(.late, file: file, line: line)
            return
        }
        OpenInterval.count(record, at: index, in: &open, routes: routes, options: options)
        if record.time > newest {
            newest = record.time
            try closeReady(before: newest - options.maxLateness)
        }
    }

    /// Closes every interval that ends at or before `limit`.
    private func closeReady(before limit: Double) throws {
        let interval = Double(options.interval)
        if nextIndex == nil {
            guard let first = open.keys.min(), Double(first + 1) * interval <= limit else { return }
            nextIndex = first
        }
        while let index = nextIndex, Double(index + 1) * interval <= limit {
            try close(index)
        }
    }

    private func close(_ index: Int) throws {
        let interval = Double(options.interval)
        let start = Double(index) * interval
        let builder = open.removeValue(forKey: index)?.builder
        let sketch = builder?.finish(names: routes) ?? IntervalSketch(prefixCapacity: 1, addressCapacity: 16)
        if firstStart == nil { firstStart = start }
        let newRatio = history.close(sketch.addresses, start: start, end: start + interval, warmup: options.noveltyWarmup)
        let frame = FrameMaker.frame(sketch, t: start - firstStart!, interval: interval,
                                     conversions: !options.conversions.isEmpty, newRatio: newRatio)
        nextIndex = index + 1
        try emit(frame, start)
    }

    /// Closes what is still open at the end of the input.
    package func finish() throws {
        guard let last = open.keys.max() else { return }
        if nextIndex == nil { nextIndex = open.keys.min() }
        while let index = nextIndex, index <= last { try close(index) }
    }
}

final class OpenInterval {
    var builder: IntervalBuilder
    init(_ builder: IntervalBuilder) { self.builder = builder }

    /// Counts one request into interval `index` of `open`, opening it on first use: the offline
    /// ingest and the live receiver count a line the same way.
    @inline(__always)
    static func count(_ record: LogRecord, at index: Int, in open: inout [Int: OpenInterval], routes: RouteTable,
                      options: IngestOptions) {
        var converted = false
        if record.status >= 200, record.status < 300 {
            for rule in options.conversions where rule.matches(method: record.method, path: record.path) {
                converted = true
                break
            }
        }
        let route = routes.id(RouteTable.routeBytes(router: record.router, path: record.path))
        let interval: OpenInterval
        if let existing = open[index] {
            interval = existing
        } else {
            interval = OpenInterval(IntervalBuilder(sketch: IntervalSketch(prefixCapacity: options.prefixCapacity,
                                                                           addressCapacity: options.addressCapacity)))
            open[index] = interval
        }
        interval.builder.sketch.add(address: record.address, status: record.status, converted: converted)
        interval.builder.countRoute(route)
    }
}

/// A frame from one closed interval (spec: access-logs.md, "Frame fields").
package enum FrameMaker {
    package static func frame(_ sketch: IntervalSketch, t: Double, interval: Double, conversions: Bool,
                              newRatio: Double?) -> SignalFrame {
        let requests = Double(sketch.requests)
        var frame = SignalFrame(t: t, rps: requests / interval)
        guard sketch.requests > 0 else { return frame }
        frame.clientErrorRatio = Double(sketch.clientErrors) / requests
        if conversions { frame.conversionRatio = Double(sketch.conversions) / requests }
        frame.routes = sketch.routes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(10).map { RouteShare(route: $0.key, share: Double($0.value) / requests) }
        frame.uniqueSources = sketch.sources.estimate.rounded()
        frame.newSourceRatio = newRatio
        frame.topSources = sketch.prefixes.top(20).map { SourceRate(prefix: $0.key.prefix, rps: Double($0.count) / interval) }
        return frame
    }
}
