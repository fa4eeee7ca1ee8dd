import CostGuardAPI
import Foundation
import GuardCore
import KubeModel
import ScenarioCatalog
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// One real Prometheus for the operator's signal tests, started once per test run, holding the
/// demo scenario twice: whole (`scenario="demo"`) and cut ten minutes into the flood
/// (`scenario="demo-cut"`), so a guard can watch its data stop mid-pause.
enum OperatorPrometheus {
    static let enabled = LocalPrometheus.runsHere
    static let skipReason = Comment(rawValue: LocalPrometheus.notInstalled)

    /// Where the cut copy's data ends: ten minutes after the flood's onset, with the pause on.
    static let cutAt = 3.0 * 3600 + 600

    enum Broken: String, Sendable, CustomStringConvertible {
        case unreachable, notPrometheus
        var description: String { rawValue }
    }

    struct Loaded: Sendable {
        var server: LocalPrometheus
        var header: ScenarioHeader
        var frames: [SignalFrame]
        var fullPath: String
    }

    private static let loading = Task<Loaded, any Error> { try await load() }

    static func shared() async throws -> Loaded { try await loading.value }

    private static func load() async throws -> Loaded {
        let binaries = try LocalPrometheus.requiredBinaries()
        let (data, header, frames, fullPath) = try await LocalPrometheus.offPool { try prepare(binaries) }
        let server = try await LocalPrometheus.start(dataDirectory: data, binaries: binaries)
        return Loaded(server: server, header: header, frames: frames, fullPath: fullPath)
    }

    /// Writes the scenario, its cut copy and their metrics, and backfills them (blocking work).
    private static func prepare(_ binaries: LocalPrometheus.Binaries) throws -> (String, ScenarioHeader, [SignalFrame], String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-operator-prometheus-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fullPath = directory + "/demo.jsonl"
        _ = try ScenarioCatalog.demo.write(to: fullPath)
        // A scenario file is a header line and a line per frame: the first lines are a valid,
        // shorter scenario with the same frames.
        let lines = try String(contentsOfFile: fullPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let reader = try ScenarioReader(path: fullPath)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        let kept = frames.filter { $0.t <= cutAt }.count
        let cutPath = directory + "/demo-cut.jsonl"
        try (lines.prefix(1 + kept).joined(separator: "\n") + "\n").write(toFile: cutPath, atomically: true, encoding: .utf8)

        let data = directory + "/tsdb"
        for (label, path) in [("demo", fullPath), ("demo-cut", cutPath)] {
            let files = try ScenarioMetrics.export(scenario: path, label: label, directory: "\(directory)/openmetrics-\(label)")
            try LocalPrometheus.backfill(files, into: data, binaries: binaries)
        }
        return (data, reader.header, frames, fullPath)
    }

    /// The guard's `signals.prometheus` as it would be written in the manifest.
    static func json(_ config: CostGuardSpec.Signals.Prometheus) -> JSONValue {
        var object: [String: JSONValue] = ["url": .string(config.url), "requestRate": .string(config.requestRate)]
        let optional: [(String, String?)] = [
            ("clientErrorRatio", config.clientErrorRatio), ("conversionRatio", config.conversionRatio),
            ("routes", config.routes), ("sources", config.sources), ("uniqueSources", config.uniqueSources),
            ("newSourceRatio", config.newSourceRatio),
        ]
        for (key, value) in optional { if let value { object[key] = .string(value) } }
        return .object(object)
    }

    /// The hold-down end recorded on a paused HPA.
    static func pausedUntil(_ hpa: HorizontalPodAutoscaler) -> Date? {
        hpa.metadata.annotations?["costguard.dev/paused-until"].flatMap { try? Date($0, strategy: .iso8601) }
    }
}
