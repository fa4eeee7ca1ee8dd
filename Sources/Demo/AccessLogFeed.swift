import AccessLogs
import AccessLogsServe
import AsyncHTTPClient
import CostGuardAPI
import Foundation
import GuardCore
import KubeModel
import Logging
import NIOCore
import ServiceLifecycle

/// The demo's access logs: a live receiver (`costguard ingest serve`'s service) on loopback, on
/// the simulation's clock, and the traffic source posting each frame's lines to it over HTTP as a
/// shipper would (newline-delimited, after a JSON parser). The guard reads its frames from the
/// receiver (`signals.accessLogs`), so its sources, and its deny list, come from the logs. The
/// receiver's ServiceGroup runs for the scope of `with`.
package final class AccessLogFeed: Sendable {
    package let receiver: ReceiverService
    package let log: FrameAccessLog
    package let countsConversions: Bool
    private let group: ServiceGroup
    private let http = HTTPClient(eventLoopGroupProvider: .singleton)
    /// A shipper's batch: about 200 bytes a line, well under the receiver's 8 MiB body limit.
    static let batchLines = 5000

    /// Runs `body` with the receiver serving, then shuts it down gracefully. `countsConversions`:
    /// the frames carry a conversion ratio, so the receiver counts the lines' conversions (a
    /// scenario without one gives frames without one).
    package static func with<Result>(header: ScenarioHeader, clock: SteppedClock, countsConversions: Bool = true, logger: Logger,
                                     _ body: (AccessLogFeed) async throws -> Result) async throws -> Result {
        let feed = try AccessLogFeed(header: header, clock: clock, countsConversions: countsConversions, logger: logger)
        let group = feed.group
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                _ = try await feed.receiver.waitForPort()
                let result = try await body(feed)
                await feed.shutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await feed.shutdown()
                throw error
            }
        }
    }

    private init(header: ScenarioHeader, clock: SteppedClock, countsConversions: Bool, logger: Logger) throws {
        var ingest = IngestOptions(format: .traefik, interval: Int(header.interval))
        if countsConversions { ingest.conversions = [try ConversionRule(parsing: FrameAccessLog.conversionRule)] }
        self.countsConversions = countsConversions
        ingest.addressCapacity = ReceiverOptions.addressSample
        // What the guard reads back after a gap (AccessLogsReader.backfill, 15 minutes) and more.
        let keep = Int((1800 / header.interval).rounded(.up))
        receiver = ReceiverService(host: "127.0.0.1", port: 0, options: ReceiverOptions(ingest: ingest, keep: keep), logger: logger,
                                   clock: { clock.now().timeIntervalSince1970 })
        log = FrameAccessLog(start: header.start, interval: header.interval)
        group = ServiceGroup(services: [receiver], logger: logger)
    }

    package var url: String { "http://127.0.0.1:\(receiver.port ?? 0)" }

    /// `signals.accessLogs` for a guard that reads this receiver. No delay: the demo posts a
    /// frame's lines before it moves the clock to the evaluation.
    package var signals: JSONValue {
        ["url": .string(url), "delay": "0s", "conversions": countsConversions ? [.string(FrameAccessLog.conversionRule)] : []]
    }

    /// Whether a scenario's frames are worth playing through access logs: they name sources. A
    /// rate-only scenario is played through the HPA's metric, as it was recorded.
    package static func carriesSources(_ frame: SignalFrame) -> Bool {
        frame.topSources != nil || frame.uniqueSources != nil
    }

    /// Writes the frame's requests through the receiver; returns how many lines it sent.
    @discardableResult
    package func write(_ frame: SignalFrame) async throws -> Int {
        let lines = log.lines(for: frame)
        for start in stride(from: 0, to: lines.count, by: Self.batchLines) {
            let batch = lines[start..<min(start + Self.batchLines, lines.count)].joined(separator: "\n") + "\n"
            var request = HTTPClientRequest(url: url + "/ingest")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-ndjson")
            request.body = .bytes(ByteBuffer(string: batch))
            let response = try await http.execute(request, timeout: .seconds(30))
            let answer = try await response.body.collect(upTo: 1 << 16)
            guard response.status.code == 200 else {
                throw SimulationFailure("the access-log receiver answered \(response.status.code) to the lines at t=\(frame.t): \(String(buffer: answer))")
            }
        }
        return lines.count
    }

    /// The HTTP client closed, the receiver asked to stop; its task ends with the scope.
    private func shutdown() async {
        do { try await http.shutdown() } catch {
            // Only its connections leak until the process ends; nothing is lost.
        }
        await group.triggerGracefulShutdown()
    }
}
