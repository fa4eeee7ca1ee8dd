import CommandSupport
import FileOutput
import ArgumentParser
import CostGuardAPI
import Foundation
import GuardCore
import Report
import ScenarioCatalog
import ScenarioIO
import PrometheusBackfill
import Signals

struct BenchBacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Measures a month's backtest and a live evaluation against a local Prometheus (build with -c release).",
        discussion: """
        Writes the catalogue's 30-day scenario (15 s frames) moved to end before --end, turns it into
        OpenMetrics counters, backfills them with promtool, starts prometheus on a free loopback
        port, waits for its compaction to settle, then times: the whole backtest (range queries in
        11,000-point chunks, decoding, frame mapping, replay, JSON report), split between Prometheus
        and CostGuard; and one live evaluation's instant queries, repeated. Needs prometheus and promtool.
        """
    )

    @Option(help: "Keep the generated files and TSDB here (default: a new temporary folder).")
    var directory: String?

    @Flag(inversion: .prefixedNo, exclusivity: .chooseLast,
          help: "Reuse a TSDB already filled by an earlier run in --directory (skips writing and promtool).")
    var reuse = false

    @Option(help: "The month ends at this day (RFC 3339); it is placed to end a day before.")
    var end: String = "2026-11-20T00:00:00Z"

    @Option(help: "Live evaluations to time.")
    var liveRuns: Int = 50

    func run() async throws {
        let binaries = try LocalPrometheus.requiredBinaries()
        guard let endDate = BacktestSetup.parseTime(end) else { throw ValidationError("--end \(end) is not RFC 3339.") }
        let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("costguard-bench-backtest-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var recipe = ScenarioCatalog.month()
        recipe.start = endDate.addingTimeInterval(-recipe.duration - 86_400)
        let scenarioPath = folder + "/month.jsonl"
        let data = folder + "/tsdb"
        if !reuse {
            var started = Date()
            let generated = try recipe.write(to: scenarioPath)
            print("scenario: \(generated.frames) frames from \(recipe.start) in \(elapsed(started)) s")
            started = Date()
            let files = try ScenarioMetrics.export(scenario: scenarioPath, label: "month", directory: folder + "/openmetrics")
            let bytes = try files.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
            print("OpenMetrics: \(files.count) files, \(bytes / 1_000_000) MB in \(elapsed(started)) s")
            started = Date()
            try LocalPrometheus.backfill(files, into: data, binaries: binaries)
            print("promtool backfill: \(elapsed(started)) s")
            for file in files { try FileManager.default.removeItem(atPath: file) }
        }
        let server = try await LocalPrometheus.start(dataDirectory: data, binaries: binaries)
        defer { server.stop() }
        print("prometheus at \(server.url); waiting for its compaction to settle")
        try await settle(data)
        try await measure(server: server, scenarioPath: scenarioPath)
    }

    private func measure(server: LocalPrometheus, scenarioPath: String) async throws {
        let scenario = try ScenarioReader(path: scenarioPath).header
        var spec = scenario.guardSpec
        spec.signals.prometheus = ScenarioMetrics.queries(label: "month", url: server.url)
        let queries = FrameQueries(spec.signals.prometheus!)
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: server.url, timeoutSeconds: 120))
        do {
            try await backtest(client: client, queries: queries, spec: spec, scenario: scenario)
            try await live(client: client, queries: queries, scenario: scenario)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func backtest(client: PrometheusClient, queries: FrameQueries, spec: CostGuardSpec, scenario: ScenarioHeader) async throws {
        let window = BacktestWindow(from: scenario.start, to: scenario.start.addingTimeInterval(30 * 86_400 - scenario.interval),
                                    step: scenario.interval)
        let header = BacktestSetup.header(spec: spec, window: window, model: ClusterModel(cluster: scenario.cluster, workload: scenario.workload))
        let sink = try OutputSink(path: "/dev/null")
        var report = try JSONReport(sink: sink, scenario: header.name)
        let started = ContinuousClock.now
        let outcome = try await PrometheusBacktest(evaluator: RangeEvaluator(client: client, queries: queries), window: window)
            .run(header: header) { try report.frame($0) }
        try report.finish(outcome.summary)
        let total = PrometheusClient.seconds(ContinuousClock.now - started)
        let timing = outcome.timing
        print("backtest: \(outcome.steps) steps, \(outcome.chunks) chunks, \(outcome.queries) range queries, "
              + "\(outcome.stepsWithoutFrame) steps without a frame, failures \(outcome.failureCounts.values.reduce(0, +))")
        print(String(format: "  end to end            %7.2f s", total))
        print(String(format: "  replay stood waiting for chunks        %7.2f s", timing.waitSeconds))
        print(String(format: "  chunk queries, wall (prefetched)       %7.2f s", timing.fetchSeconds))
        print(String(format: "    HTTP round trips, summed over queries %6.2f s  (Prometheus evaluating and sending)", timing.roundTripSeconds))
        print(String(format: "    JSON decoding, summed over queries   %6.2f s  (CostGuard)", timing.decodeSeconds))
        print(String(format: "  mapping to frames (CostGuard)          %7.2f s", timing.mappingSeconds))
        print(String(format: "  replay + JSON report (CostGuard)       %7.2f s", timing.replaySeconds))
        print("  verdicts: surge \(Int(outcome.summary.surgeSeconds)) s, paused \(Int(outcome.summary.pausedSeconds)) s, denied \(outcome.summary.deniedPrefixes.count) prefixes")
    }

    private func live(client: PrometheusClient, queries: FrameQueries, scenario: ScenarioHeader) async throws {
        let source = PrometheusMetricsSource(client: client, queries: queries)
        var times: [Double] = []
        for run in 0..<max(1, liveRuns) {
            let t = Double(run % 30) * 86_400 + 14 * 3600
            let started = ContinuousClock.now
            let evaluation = await source.evaluate(at: scenario.start.addingTimeInterval(t), t: t)
            times.append(PrometheusClient.seconds(ContinuousClock.now - started) * 1000)
            guard evaluation.frame != nil, evaluation.failures.isEmpty else {
                throw CommandFailure("live evaluation at t=\(t) failed: \(evaluation.failures)")
            }
        }
        times.sort()
        print(String(format: "live evaluation (%d queries, concurrent): median %.1f ms, p90 %.1f ms, max %.1f ms over %d runs",
                     queries.queries.count, times[times.count / 2], times[times.count * 9 / 10], times.last!, times.count))
    }

    /// Waits until the TSDB's block count has not changed for 15 s (Prometheus compacts the
    /// backfilled 2-hour blocks a minute after start), at most 10 minutes.
    private func settle(_ data: String) async throws {
        var last = -1, stableSince = Date(), started = Date()
        while Date().timeIntervalSince(started) < 600 {
            let blocks = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.count == 26 }.count
            if blocks != last { last = blocks; stableSince = Date() }
            if Date().timeIntervalSince(started) > 75, Date().timeIntervalSince(stableSince) >= 15 { break }
            try await Task.sleep(for: .seconds(5))
        }
        print("TSDB: \(last) blocks after \(elapsed(started)) s")
    }

    private func elapsed(_ date: Date) -> String { String(format: "%.1f", Date().timeIntervalSince(date)) }
}
