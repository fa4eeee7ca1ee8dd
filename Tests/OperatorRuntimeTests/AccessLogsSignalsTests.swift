import AccessLogs
import AccessLogsServe
import AsyncHTTPClient
import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import Logging
import NIOCore
@testable import OperatorRuntime
import ServiceLifecycle
import Signals
import TestSupport
import Testing

/// `spec.signals.accessLogs` end to end: real receivers (`costguard ingest serve`'s service) on
/// loopback, the operator against KubeSim over real HTTP finding them through an EndpointSlice.
@Suite(.serialized) struct AccessLogsSignalsTests {
    static let quiet = Logger(label: "access-logs-signals") { _ in SwiftLogNoOpLogHandler() }

    /// One receiver, run in its own service group so that a test can stop it alone.
    final class RunningReceiver: Sendable {
        let service: ReceiverService
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let host: String

        init(host: String, port: Int) async throws {
            var ingest = IngestOptions(format: .traefik, interval: 15)
            ingest.conversions = [try ConversionRule(parsing: "POST /checkout")]
            self.host = host
            service = ReceiverService(host: host, port: port, options: ReceiverOptions(ingest: ingest, keep: 240), logger: AccessLogsSignalsTests.quiet)
            group = ServiceGroup(services: [service], logger: AccessLogsSignalsTests.quiet)
            let group = group
            task = Task { try await group.run() }
            _ = try await service.waitForPort()
        }

        var port: Int { service.port ?? 0 }
        var url: String { "http://\(host):\(port)" }

        func post(_ lines: [String], client: ReceiverPoster) async throws {
            for start in stride(from: 0, to: lines.count, by: 1000) {
                try await client.post(url, lines[start..<min(start + 1000, lines.count)].joined(separator: "\n") + "\n")
            }
        }

        func stop() async {
            await group.triggerGracefulShutdown()
            _ = await task.result
        }
    }

    /// Five minutes of generated Traefik lines (organic traffic, then a flood from 30 /24s).
    static func generatedLines() async throws -> [String] {
        try await onLowPriorityThread {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("access-logs-\(UUID().uuidString).log").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            var generator = TrafficGenerator()
            generator.duration = 300
            generator.organicRps = 20
            generator.floodStart = 150
            generator.floodRps = 40
            generator.floodPrefixes = 30
            generator.garbageEvery = 101
            _ = try generator.write(traefik: path)
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    static func logsSpec(_ cluster: SimulatedCluster, receivers: JSONValue) -> JSONValue {
        var spec = cluster.guardSpec(mode: .dryRun)
        var signals = spec["signals"] ?? [:]
        signals["interval"] = "15s"
        var logs = receivers
        logs["conversions"] = ["POST /checkout"]
        signals["accessLogs"] = logs
        spec["signals"] = signals
        return spec
    }

    /// Two replicas behind a Service, each sent every other line, and a third receiver sent every
    /// line: each evaluation's frame the operator merged from the two (found through the
    /// Service's EndpointSlice) equals what a reader of the third gives at the same moment:
    /// counts, routes, distinct sources and top prefixes all exactly. Then one replica stops:
    /// the operator decides fail-static and says which receiver failed.
    @Test func theOperatorMergesTheReplicasToWhatOneReceiverOfTheWholeStreamGives() async throws {
        let lines = try await Self.generatedLines()
        let whole = try await RunningReceiver(host: "127.0.0.1", port: 0)
        let first = try await RunningReceiver(host: "127.0.0.2", port: 0)
        let second = try await RunningReceiver(host: "127.0.0.3", port: first.port)
        let poster = ReceiverPoster()
        try await whole.post(lines, client: poster)
        try await first.post(lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), client: poster)
        try await second.post(lines.enumerated().filter { $0.offset % 2 == 1 }.map(\.element), client: poster)
        try await poster.shutdown()

        var (header, frames) = try SimulationSupport.demoScenario()
        header.start = Date(timeIntervalSince1970: 1_772_438_400)
        header.interval = 15
        try await SimulatedCluster.with(header: header) { cluster in
            let state = cluster.state
            let namespaceType = try #require(state.resourceType(group: "", version: "v1", plural: "namespaces"))
            try state.create(namespaceType, namespace: nil, body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "costguard-system"]])
            let sliceType = try #require(state.resourceType(group: "discovery.k8s.io", version: "v1", plural: "endpointslices"))
            try state.create(sliceType, namespace: "costguard-system", body: [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": ["name": "costguard-ingest-abcde", "namespace": "costguard-system",
                             "labels": ["kubernetes.io/service-name": "costguard-ingest"]],
                "addressType": "IPv4",
                "endpoints": [
                    ["addresses": ["127.0.0.2"], "conditions": ["ready": true]],
                    ["addresses": ["127.0.0.3"], "conditions": ["ready": true]],
                    // Terminating: no longer sent lines, so never read.
                    ["addresses": ["127.0.0.9"], "conditions": ["ready": false, "terminating": true]],
                ],
                "ports": [["name": "http", "port": .int(Int64(first.port)), "protocol": "TCP"]],
            ])
            let spec = Self.logsSpec(cluster, receivers: ["service": ["namespace": "costguard-system", "name": "costguard-ingest",
                                                                      "port": .int(Int64(first.port))]])
            try cluster.createGuard(spec: spec)

            let reference = try CostGuardSpec(json: Self.logsSpec(cluster, receivers: ["url": .string(whole.url)]))
            let client = ReceiverClient(timeoutSeconds: 5, logger: Self.quiet)
            let oneReceiver = AccessLogsReader(config: try #require(reference.signals.accessLogs), evaluationInterval: 15, client: client,
                                               lookup: { [whole.url] })

            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var compared = 0
                var flooded = 0
                for frame in frames[1...20] {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let result = try #require(results.first?.result)
                    #expect(result.signalFailures.isEmpty, "\(result.signalFailures)")
                    let merged = try #require(result.frame, "t=\(frame.t): no frame")
                    let expected = try #require(await oneReceiver.read(now: cluster.evaluationTime(frame.t)).frame)
                    #expect(merged.rps == expected.rps, "t=\(frame.t)")
                    #expect(merged.clientErrorRatio == expected.clientErrorRatio, "t=\(frame.t)")
                    #expect(merged.conversionRatio == expected.conversionRatio, "t=\(frame.t)")
                    #expect(merged.routes == expected.routes, "t=\(frame.t)")
                    #expect(merged.uniqueSources == expected.uniqueSources, "t=\(frame.t)")
                    #expect(merged.topSources == expected.topSources, "t=\(frame.t)")
                    if merged.rps > 0 { compared += 1 }
                    if (merged.topSources?.count ?? 0) >= 20 { flooded += 1 }
                }
                // Every window held requests, the flood's prefixes among them.
                #expect(compared == 20)
                #expect(flooded >= 5)
                let status = try SimulationSupport.status(cluster)
                let signals = try #require(status.conditions?.first { $0.type == "SignalsAvailable" })
                #expect(signals.status == .true && signals.reason == "ReceiversAnswered", "\(signals)")
                #expect(signals.message.contains("2 access-log receivers"), "\(signals.message)")

                // One replica gone: half the stream is missing, so no frame rather than half a rate.
                await second.stop()
                let (_, results) = try await cluster.step(frames[21], operators: [handle])
                let blind = try #require(results.first?.result)
                #expect(blind.frame == nil)
                #expect(blind.signalFailures.contains { $0.contains("127.0.0.3") }, "\(blind.signalFailures)")
                let after = try SimulationSupport.status(cluster)
                let condition = try #require(after.conditions?.first { $0.type == "SignalsAvailable" })
                #expect(condition.status == .false && condition.reason == "RequestRateUnavailable", "\(condition)")
            }
            try await client.shutdown()
            await whole.stop()
            await first.stop()
        }
    }

    /// The receivers count conversions other than the guard expects: the rest of the frame is
    /// used, conversionRatio is left out, and the condition says why.
    @Test func conversionRulesThatDifferLeaveConversionRatioOutAndSaySo() async throws {
        let lines = try await Self.generatedLines()
        let receiver = try await RunningReceiver(host: "127.0.0.1", port: 0)
        let poster = ReceiverPoster()
        try await receiver.post(lines, client: poster)
        try await poster.shutdown()
        var config = CostGuardSpec.Signals.AccessLogs(receivers: .url(receiver.url))
        config.conversions = ["POST /buy"]
        let client = ReceiverClient(timeoutSeconds: 5, logger: Self.quiet)
        let reader = AccessLogsReader(config: config, evaluationInterval: 30, client: client, lookup: { [receiver.url] })
        let reading = await reader.read(now: Date(timeIntervalSince1970: 1_772_438_400 + 65))
        let frame = try #require(reading.frame)
        #expect(frame.conversionRatio == nil)
        #expect(frame.rps > 0)
        #expect(reading.failures.count == 1 && reading.failures[0].contains("POST /checkout"), "\(reading.failures)")
        // A 30 s evaluation reads two 15 s receiver intervals as one frame.
        let fifteen = AccessLogsReader(config: config, evaluationInterval: 15, client: client, lookup: { [receiver.url] })
        let earlier = try #require(await fifteen.read(now: Date(timeIntervalSince1970: 1_772_438_400 + 50)).frame)
        let later = try #require(await fifteen.read(now: Date(timeIntervalSince1970: 1_772_438_400 + 65)).frame)
        #expect(abs(frame.rps * 30 - (earlier.rps + later.rps) * 15) < 1e-6, "\(frame.rps * 30) vs \((earlier.rps + later.rps) * 15)")
        try await client.shutdown()
        await receiver.stop()
    }

    /// An interval that does not divide the guard's is refused with the fix.
    @Test func anEvaluationIntervalThatIsNoMultipleOfTheReceiversIsExplained() async throws {
        let receiver = try await RunningReceiver(host: "127.0.0.1", port: 0)
        let client = ReceiverClient(timeoutSeconds: 5, logger: Self.quiet)
        let reader = AccessLogsReader(config: CostGuardSpec.Signals.AccessLogs(receivers: .url(receiver.url)), evaluationInterval: 20,
                                      client: client, lookup: { [receiver.url] })
        let reading = await reader.read(now: Date())
        #expect(reading.frame == nil)
        #expect(reading.failures.first?.contains("not a whole multiple of the receivers' 15 s intervals") == true, "\(reading.failures)")
        try await client.shutdown()
        await receiver.stop()
    }
}

/// Posts newline-delimited lines to a receiver, as Fluent Bit or Vector would after a JSON parser.
final class ReceiverPoster: Sendable {
    let http = HTTPClient(eventLoopGroupProvider: .singleton)

    func post(_ url: String, _ body: String) async throws {
        var request = HTTPClientRequest(url: url + "/ingest")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else { throw SimulationFailure("POST \(url) answered \(response.status.code)") }
    }

    func shutdown() async throws { try await http.shutdown() }
}
