/// What an ingest is asked to do (spec: access-logs.md, "The offline command").
package struct IngestOptions: Sendable {
    package var format: LogFormat
    /// Seconds per frame, a whole number from 1 to 3600.
    package var interval: Int
    package var maxLateness: Double = 120
    package var noveltyWarmup: Double = 6 * 3600
    package var conversions: [ConversionRule] = []
    package var prefixCapacity = 8192
    package var addressCapacity = 1 << 20

    package init(format: LogFormat, interval: Int) {
        self.format = format
        self.interval = interval
    }
}
