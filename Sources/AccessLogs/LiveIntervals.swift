/// The live receiver's intervals (`costguard ingest serve`): the sketch of each of the last `keep`
/// intervals, updated as lines arrive in any order, for the operator to read and merge across
/// replicas. The same rules as the offline ingest (spec: access-logs.md): a request belongs to the
/// interval of its start time, and one more than `maxLateness` behind the newest is late. Memory is
/// bounded whatever arrives: at most `keep` intervals of bounded sketches and a bounded route table;
/// a line dated more than `maxAhead` past the receiver's clock is skipped, so one bad clock cannot
/// push every held interval out. Not thread-safe: the receiver owns it from one actor.
package final class LiveIntervals {
    package let options: IngestOptions
    package let keep: Int
    package let maxAhead: Double
    package private(set) var skipped = SkipTally()
    package private(set) var linesRead = 0
    package private(set) var newest = -Double.infinity
    private let routes = RouteTable()
    private var open: [Int: OpenInterval] = [:]
    private var newestIndex: Int?

    package init(options: IngestOptions, keep: Int, maxAhead: Double = 300) {
        self.options = options
        self.keep = max(keep, 1)
        self.maxAhead = maxAhead
    }

    package var intervalsHeld: Int { open.count }

    /// Counts a line that could not be read.
    package func skip(_ reason: SkipReason, place: String) {
        linesRead += 1
        skipped.count(reason, file: place, line: linesRead)
    }

    /// Adds one request, or skips it as late or ahead of `now` (seconds since 1970); nil if added.
    @discardableResult
    package func add(_ record: LogRecord, now: Double, place: String) -> SkipReason? {
        if record.time > now + maxAhead {
            skip(.ahead, place: place)
            return .ahead
        }
        let index = Int((record.time / Double(options.interval)).rounded(.down))
        if record.time < newest - options.maxLateness || newestIndex.map({ index <= $0 - keep }) ?? false {
            skip(.late, place: place)
            return .late
        }
        linesRead += 1
        OpenInterval.count(record, at: index, in: &open, routes: routes, options: options)
        if record.time > newest { newest = record.time }
        if index > newestIndex ?? Int.min {
            newestIndex = index
            for old in open.keys where old <= index - keep { open[old] = nil }
        }
        return nil
    }

    /// The held intervals from `since` (an interval start, seconds since 1970) on, oldest first. An
    /// interval is closed once the newest request is `maxLateness` past its end: no line can still
    /// change it.
    package func report(since: Double = -.infinity) -> IntervalReport {
        let length = Double(options.interval)
        let intervals = open.keys.sorted().filter { Double($0) * length >= since }.map { index in
            IntervalReport.Interval(start: Double(index) * length,
                                    closed: Double(index + 1) * length <= newest - options.maxLateness,
                                    sketch: open[index]!.builder.finish(names: routes))
        }
        return IntervalReport(format: options.format, interval: options.interval,
                              conversions: options.conversions.map(\.text), intervals: intervals)
    }

    /// Counters and entries held across all intervals, for the bound check: each interval holds at
    /// most `prefixCapacity` counters and `addressCapacity` sampled addresses.
    package var entriesHeld: Int {
        open.values.reduce(0) { $0 + $1.builder.sketch.prefixes.counters.count + $1.builder.sketch.addresses.counts.count }
    }
}
