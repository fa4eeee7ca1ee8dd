import AccessLogs
import AccessLogsOTLP
import Foundation

/// What one ingested body did: lines used, and lines skipped by reason.
package struct BatchOutcome: Sendable, Hashable {
    package var accepted = 0
    package var skipped: [SkipReason: Int] = [:]
    package var skippedTotal: Int { skipped.values.reduce(0, +) }

    mutating func count(_ reason: SkipReason?) {
        if let reason { skipped[reason, default: 0] += 1 } else { accepted += 1 }
    }
}

/// The receiver's intervals, owned by one actor: bodies are ingested one at a time (the sketches
/// are not thread-safe, and a body's lines are read in place with no copy), readers get a report.
package actor ReceiverState {
    private let intervals: LiveIntervals
    private let format: LogFormat
    private let clock: @Sendable () -> Double

    package init(options: ReceiverOptions, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        intervals = LiveIntervals(options: options.ingest, keep: options.keep, maxAhead: options.maxAhead)
        format = options.ingest.format
        self.clock = clock
    }

    /// A body of shipper records (`ShipperRecord`): newline-delimited (blank lines are not lines),
    /// or one JSON array of records.
    package func ingest(records body: [UInt8], place: String) throws(ShipperBodyError) -> BatchOutcome {
        var outcome = BatchOutcome()
        let now = clock()
        if let records = try body.withUnsafeBufferPointer({ bytes throws(ShipperBodyError) in try ShipperRecord.arrayRecords(bytes) }) {
            for record in records {
                record.withUnsafeBufferPointer { ingest(record: $0, now: now, place: place, into: &outcome) }
            }
            return outcome
        }
        body.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                guard !line.isEmpty else { continue }
                ingest(record: line, now: now, place: place, into: &outcome)
            }
        }
        return outcome
    }

    private func ingest(record: UnsafeBufferPointer<UInt8>, now: Double, place: String, into outcome: inout BatchOutcome) {
        let read = format.withRecord(record) { reason, fields in
            if let reason {
                intervals.skip(reason, place: place)
                outcome.count(reason)
            } else {
                outcome.count(intervals.add(fields, now: now, place: place))
            }
        }
        if read { return }
        if let reason = ShipperRecord.withLogLine(record, { line in add(line, now: now, place: place) }) {
            outcome.count(reason)
        } else {
            // withLogLine's nil: the record is not JSON (a line used is `.some(nil)`).
            intervals.skip(.notJSON, place: place)
            outcome.count(.notJSON)
        }
    }

    /// The string bodies of an OTLP logs request, each an access-log line.
    package func ingest(otlp request: Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest, place: String) -> BatchOutcome {
        var outcome = BatchOutcome()
        let now = clock()
        for resource in request.resourceLogs {
            for scope in resource.scopeLogs {
                for record in scope.logRecords {
                    guard case .stringValue(var text)? = record.body.value else {
                        intervals.skip(.notText, place: place)
                        outcome.count(.notText)
                        continue
                    }
                    outcome.count(text.withUTF8 { add($0, now: now, place: place) })
                }
            }
        }
        return outcome
    }

    private func add(_ line: UnsafeBufferPointer<UInt8>, now: Double, place: String) -> SkipReason? {
        var record = LogRecord()
        if let reason = format.parse(line, into: &record) {
            intervals.skip(reason, place: place)
            return reason
        }
        return intervals.add(record, now: now, place: place)
    }

    package func report(since: Double) -> IntervalReport { intervals.report(since: since) }

    package var intervalsHeld: Int { intervals.intervalsHeld }

    /// Prefix counters and sampled addresses held over all intervals (each interval's are bounded).
    package var entriesHeld: Int { intervals.entriesHeld }

    package var skipSummary: String { intervals.skipped.summary(linesRead: intervals.linesRead) }
}
