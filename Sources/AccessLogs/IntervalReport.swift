import CostGuardAPI
import GuardCore

/// What a live receiver holds, interval by interval (`GET /v1/intervals`), as the operator reads it
/// from each replica: the reports of several replicas merge into what one replica seeing every line
/// would hold, exactly for the counts and routes, within each sketch's bound for the sources (their
/// merges are exact too: register-wise maximum, Space-Saving's mergeable summary, the tally's sample).
package struct IntervalReport: Sendable {
    package struct Interval: Sendable {
        /// Seconds since 1970.
        package var start: Double
        /// No further line can change it (the newest request the replica saw is `maxLateness` past its end).
        package var closed: Bool
        package var sketch: IntervalSketch

        package init(start: Double, closed: Bool, sketch: IntervalSketch) {
            self.start = start
            self.closed = closed
            self.sketch = sketch
        }
    }

    package var format: LogFormat
    package var interval: Int
    package var conversions: [String]
    package var intervals: [Interval]

    package init(format: LogFormat, interval: Int, conversions: [String], intervals: [Interval]) {
        self.format = format
        self.interval = interval
        self.conversions = conversions
        self.intervals = intervals
    }

    /// Why two reports do not merge, if they do not: different intervals or conversion rules count different things.
    package func mismatch(with other: IntervalReport) -> String? {
        if other.interval != interval { return "one counts \(interval) s intervals, the other \(other.interval) s" }
        if Set(other.conversions) != Set(conversions) {
            return "their conversion rules differ (\(conversions.joined(separator: ", ")) and \(other.conversions.joined(separator: ", ")))"
        }
        return nil
    }

    /// The intervals of both, merged where both hold one; an interval is closed when either says so
    /// (the operator reads closed intervals only once every replica has caught up: item 5's policy).
    package mutating func merge(_ other: IntervalReport) {
        precondition(mismatch(with: other) == nil, "reports that count different things do not merge")
        var byStart = Dictionary(uniqueKeysWithValues: intervals.map { ($0.start, $0) })
        for theirs in other.intervals {
            if var mine = byStart[theirs.start] {
                mine.sketch.merge(theirs.sketch)
                mine.closed = mine.closed || theirs.closed
                byStart[theirs.start] = mine
            } else {
                byStart[theirs.start] = theirs
            }
        }
        intervals = byStart.values.sorted { $0.start < $1.start }
    }

    /// One frame per interval from the first held to the last, gaps as rps 0, `t` from the first:
    /// what `costguard ingest` writes for the same requests, but for `newRatio`, which needs the
    /// seen-before history the operator keeps (left out here).
    package func frames() -> [SignalFrame] {
        guard let first = intervals.first?.start, let last = intervals.last?.start else { return [] }
        let length = Double(interval)
        let byStart = Dictionary(uniqueKeysWithValues: intervals.map { ($0.start, $0.sketch) })
        return stride(from: first, through: last, by: length).map { start in
            FrameMaker.frame(byStart[start] ?? IntervalSketch(prefixCapacity: 1, addressCapacity: 16), t: start - first,
                             interval: length, conversions: !conversions.isEmpty, newRatio: nil)
        }
    }
}
