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
        var ingest = try IngestFlags.options(format: format, interval: interval, maxLateness: maxLateness, conversions: conversion)
        ingest.addressCapacity = addressSample
        let seconds = Double(ingest.interval)
        let held = try IngestFlags.duration("keep", keep, seconds...(7 * 86_400))
        guard held > ingest.maxLateness else {
            throw ValidationError("--keep \(keep) must be longer than --max-lateness \(maxLateness): an interval that can still change must be held")
        }
        var options = ReceiverOptions(ingest: ingest, keep: Int((held / seconds).rounded(.up)))
        options.maxAhead = try IngestFlags.duration("max-ahead", maxAhead, 0...86_400)
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
        // The bound address on standard error once listening (`--listen :0` picks a free port).
        let announce = Task {
            guard let port = try? await receiver.waitForPort() else { return }
            FileHandle.standardError.write(Data("costguard ingest serve listening on \(address.host.contains(":") ? "[\(address.host)]" : address.host):\(port)\n".utf8))
        }
        defer { announce.cancel() }
        try await group.run()
    }
}
