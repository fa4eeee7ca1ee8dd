import AccessLogs
import ArgumentParser
import CostGuardAPI

/// The flags `costguard ingest` and `costguard ingest serve` share, read and checked one way.
enum IngestFlags {
    /// `--format`, `--interval`, `--max-lateness` and `--conversion` as ingest options.
    static func options(format: String, interval: String, maxLateness: String, conversions: [String]) throws -> IngestOptions {
        guard let logFormat = LogFormat(rawValue: format) else {
            throw ValidationError("--format \(format) is not a log format; give traefik, nginx or envoy")
        }
        let seconds = try duration("interval", interval, 1...3600)
        guard seconds == seconds.rounded() else {
            throw ValidationError("--interval \(interval) is not a whole number of seconds; give 15s, 30s or 1m")
        }
        var options = IngestOptions(format: logFormat, interval: Int(seconds))
        options.maxLateness = try duration("max-lateness", maxLateness, 0...86_400)
        do {
            options.conversions = try conversions.map { rule throws(IngestError) in try ConversionRule(parsing: rule) }
        } catch {
            throw ValidationError(error.description)
        }
        return options
    }

    /// A Go duration flag within `range`, in seconds.
    static func duration(_ flag: String, _ text: String, _ range: ClosedRange<Double>) throws -> Double {
        guard let value = GoDuration(parsing: text)?.seconds, range.contains(value) else {
            throw ValidationError("--\(flag) \(text) is not a duration from \(GoDuration(seconds: range.lowerBound)) to \(GoDuration(seconds: range.upperBound)) (such as 15s, 2m, 1h)")
        }
        return value
    }
}
