import AccessLogs

/// What `costguard ingest serve` is asked to do (docs/access-logs.md, "The live service").
package struct ReceiverOptions: Sendable {
    /// The format, interval, lateness, conversions and sketch sizes, as for the offline ingest.
    package var ingest: IngestOptions
    /// Intervals held, newest first: the operator must read each before it falls out.
    package var keep: Int
    /// A line dated further than this past the receiver's clock is skipped (seconds).
    package var maxAhead: Double = 300
    /// A request body larger than this (after gzip) is refused with 413.
    package var maxBodyBytes = 8 << 20
    /// Bodies being read or ingested at once; past it a request is refused with 503 and Retry-After.
    package var maxInFlight = 8

    package init(ingest: IngestOptions, keep: Int) {
        self.ingest = ingest
        self.keep = keep
    }

    /// The receiver's defaults differ from the offline ingest's in one place: the seen-before tally
    /// per interval samples at most 2^14 addresses (not 2^20), since up to `keep` intervals are held at once.
    package static let addressSample = 1 << 14
}
