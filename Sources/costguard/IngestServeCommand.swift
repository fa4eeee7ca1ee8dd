import AccessLogs
import AccessLogsServe
import ArgumentParser
import CostGuardAPI
import Foundation
import Logging
import OperatorRuntime
import ServiceLifecycle

/// `costguard ingest serve`: the live access-log receiver (docs/access-logs.md, "The live service").
struct IngestServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receives access logs over HTTP (Fluent Bit, Vector, OTLP/HTTP) and serves per-interval sketches.",
        discussion: """
        Newline-delimited JSON at POST / and POST /ingest (Fluent Bit's http output with format \
        json_lines; Vector's http sink with the json codec and newline_delimited framing), OTLP/HTTP \
        logs at POST /v1/logs (protobuf or JSON), the held intervals' sketches at GET /v1/intervals, \
        and /metrics, /healthz, /readyz. Stops on SIGTERM or SIGINT. See docs/access-logs.md.
        """
    )

    @Option(help: "The log's format: traefik, nginx or envoy.")
    var format: String

    @Option(help: "Where to listen: host:port, :port (all interfaces) or [::1]:port.")
    var listen: String = ":8090"

    @Option(help: "Seconds per interval, as a duration (15s).")
    var interval: String = "15s"

    @Option(help: ArgumentHelp("A conversion, \"METHOD PATH-PREFIX\" (repeatable): matching 2xx requests convert.", valueName: "rule"))
    var conversion: [String] = []

    @Option(help: "How far a line may be behind the newest one before it is skipped as late.")
    var maxLateness: String = "2m"

    @Option(help: "How much history is held for GET /v1/intervals; older intervals are dropped.")
    var keep: String = "1h"

    @Option(help: "How far past this machine's clock a line may be dated before it is skipped.")
    var maxAhead: String = "5m"

    @Option(help: "The largest request body taken, in bytes, after gzip (larger: 413).")
    var maxBody: Int = 8 << 20

    @Option(help: "Bodies read or ingested at once; past it a request gets 503 with Retry-After.")
    var maxInFlight: Int = 8

    @Option(help: "Addresses sampled per interval for the seen-before ratio.")
    var addressSample: Int = ReceiverOptions.addressSample

    func makeOptions() throws -> (ListenAddress, ReceiverOptions) {
        guard let logFormat = AccessLogs.LogFormat(rawValue: format) else {
            throw ValidationError("--format \(format) is not a log format; give traefik, nginx or envoy")
        }
        func duration(_ flag: String, _ text: String, _ range: ClosedRange<Double>) throws -> Double {
            guard let value = GoDuration(parsing: text)?.seconds, range.contains(value) else {
                throw ValidationError("--\(flag) \(text) is not a duration from \(GoDuration(seconds: range.lowerBound)) to \(GoDuration(seconds: range.upperBound)) (such as 15s, 2m, 1h)")
            }
            return value
        }
        let seconds = try duration("interval", interval, 1...3600)
        guard seconds == seconds.rounded() else { throw ValidationError("--interval \(interval) is not a whole number of seconds; give 15s, 30s or 1m") }
        var ingest = IngestOptions(format: logFormat, interval: Int(seconds))
        ingest.maxLateness = try duration("max-lateness", maxLateness, 0...86_400)
        ingest.addressCapacity = addressSample
        do {
            ingest.conversions = try conversion.map { rule throws(IngestError) in try ConversionRule(parsing: rule) }
        } catch {
            throw ValidationError(error.description)
        }
        let held = try duration("keep", keep, seconds...(7 * 86_400))
        guard held > ingest.maxLateness else {
            throw ValidationError("--keep \(keep) must be longer than --max-lateness \(maxLateness): an interval that can still change must be held")
        }
        var options = ReceiverOptions(ingest: ingest, keep: Int((held / seconds).rounded(.up)))
        options.maxAhead = try duration("max-ahead", maxAhead, 0...86_400)
        guard maxBody >= 1024 else { throw ValidationError("--max-body \(maxBody) is below 1024 bytes; a shipper's batch would not fit") }
        guard (1...1024).contains(maxInFlight) else { throw ValidationError("--max-in-flight \(maxInFlight) is not from 1 to 1024") }
        guard (16...(1 << 24)).contains(addressSample) else { throw ValidationError("--address-sample \(addressSample) is not from 16 to 16777216") }
        options.maxBodyBytes = maxBody
        options.maxInFlight = maxInFlight
        let address: ListenAddress
        do {
            guard let parsed = try ListenAddress.parse(listen, flag: "--listen") else {
                throw ValidationError("--listen \(listen): the receiver cannot be disabled; give host:port or :port")
            }
            address = parsed
        } catch let error as ListenAddressError {
            throw ValidationError("\(error)")
        }
        return (address, options)
    }

    func validate() throws {
        _ = try makeOptions()
    }

    func run() async throws {
        let (address, options) = try makeOptions()
        let logger = Logger(label: "costguard-ingest")
        let receiver = ReceiverService(host: address.host, port: address.port, options: options, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [ServiceGroupConfiguration.ServiceConfiguration(service: receiver)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
