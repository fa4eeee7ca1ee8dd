import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// One real Prometheus for the data tests, filled by promtool from catalogue scenarios moved to
/// recent fixed dates (promtool and the 100-year retention take them), started once per test run.
enum PrometheusFixture {
    static let enabled = LocalPrometheus.runsHere
    static let skipReason = Comment(rawValue: LocalPrometheus.notInstalled)

    struct Loaded: Sendable {
        var server: LocalPrometheus
        var scenarios: [String: GeneratedScenario]
        var directory: String
    }

    /// The scenarios loaded, by name; each is labelled with its name in Prometheus.
    static let catalogue: [(name: String, start: String)] = [
        ("news-flash-crowd", "2026-11-20T06:00:00Z"),
        ("http-flood-botnet", "2026-11-21T02:00:00Z"),
        ("rate-only-attack", "2026-11-22T02:00:00Z"),
    ]

    private static let loading = Task<Loaded, any Error> { try await load() }

    static func shared() async throws -> Loaded { try await loading.value }

    private static func load() async throws -> Loaded {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-signals-\(getpid())").path
        let data = directory + "/tsdb"
        let binaries = try LocalPrometheus.requiredBinaries()
        let scenarios = try await LocalPrometheus.offPool {
            var scenarios: [String: GeneratedScenario] = [:]
            for (name, start) in catalogue {
                var recipe = ScenarioCatalog.named(name)!
                recipe.start = BacktestSetup.parseTime(start)!
                let path = "\(directory)/\(name).jsonl"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                scenarios[name] = try recipe.write(to: path)
                let files = try ScenarioMetrics.export(scenario: path, label: name, directory: "\(directory)/openmetrics")
                try LocalPrometheus.backfill(files, into: data, binaries: binaries)
            }
            return scenarios
        }
        let server = try await LocalPrometheus.start(dataDirectory: data, binaries: binaries)
        return Loaded(server: server, scenarios: scenarios, directory: directory)
    }

    /// A fresh client of the shared server; shut it down at the end of the test.
    static func client(_ loaded: Loaded) throws -> PrometheusClient {
        try PrometheusClient(endpoint: PrometheusEndpoint(url: loaded.server.url, timeoutSeconds: 30))
    }

    /// Every frame of a scenario file.
    static func frames(_ path: String) throws -> [SignalFrame] {
        let reader = try ScenarioReader(path: path)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }
}
