import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO
import PrometheusBackfill
import Signals
import TestSupport
import Testing

/// `report --prometheus` against `report --scenario` on the same traffic: the same Replay, so the
/// same verdicts, pauses and deny lists, frame by frame.
@Suite(.enabled(if: PrometheusFixture.enabled, PrometheusFixture.skipReason))
struct BacktestTests {
    struct Decision: Equatable, CustomStringConvertible {
        var t: Double
        var verdict: String
        var pause: String?
        var ceiling: Int?
        var denied: [String]
        var nodes: Int

        init(_ frame: ReplayFrame) {
            t = frame.t
            verdict = frame.verdict.class.rawValue
            pause = frame.pauseReason?.rawValue
            ceiling = frame.replicaCeiling
            denied = frame.denied.map(\.description).sorted()
            nodes = frame.guarded.nodes
        }

        var description: String { "t=\(t) \(verdict) pause=\(pause ?? "-") ceiling=\(ceiling.map(String.init) ?? "-") nodes=\(nodes) denied=\(denied.count)" }
    }

    /// The scenario's guard with the test metrics' queries: what a user's manifest would hold.
    static func guardSpec(_ header: ScenarioHeader, label: String, url: String) -> CostGuardSpec {
        var spec = header.guardSpec
        spec.signals.prometheus = ScenarioMetrics.queries(label: label, url: url)
        return spec
    }

    static func scenarioDecisions(_ path: String) throws -> ([Decision], ReplaySummary) {
        var decisions: [Decision] = []
        let summary = try Replay.run(try ScenarioReader(path: path)) { decisions.append(Decision($0)) }
        return (decisions, summary)
    }

    @Test("the backtest of a flood decides as the scenario replay does, and saves a scenario that replays the same")
    func backtestMatchesScenarioReplay() async throws {
        let loaded = try await PrometheusFixture.shared()
        let scenario = try #require(loaded.scenarios["http-flood-botnet"])
        let (expected, expectedSummary) = try Self.scenarioDecisions(scenario.path)
        // The scenario must exercise the guard, or matching it would prove little.
        #expect(expected.contains { $0.pause == "surge" })
        #expect(expected.contains { !$0.denied.isEmpty })

        let client = try PrometheusFixture.client(loaded)
        let spec = Self.guardSpec(scenario.header, label: "http-flood-botnet", url: loaded.server.url)
        let last = Double(scenario.frames - 1) * scenario.header.interval
        // Chunks of 700 points: the flood's onset and several deny decisions fall across chunk edges.
        let window = BacktestWindow(from: scenario.header.start, to: scenario.header.start.addingTimeInterval(last),
                                    step: scenario.header.interval, pointsPerChunk: 700)
        let header = BacktestSetup.header(spec: spec, window: window,
                                          model: ClusterModel(cluster: scenario.header.cluster, workload: scenario.header.workload))
        let saved = loaded.directory + "/backtest-saved.jsonl"
        var decisions: [Decision] = []
        let backtest = PrometheusBacktest(evaluator: RangeEvaluator(client: client, queries: FrameQueries(spec.signals.prometheus!)),
                                          window: window)
        let outcome = try await backtest.run(header: header, save: try ScenarioWriter(path: saved, header: header)) {
            decisions.append(Decision($0))
        }
        try await client.shutdown()

        #expect(outcome.chunks == (scenario.frames + 699) / 700)
        #expect(outcome.stepsWithoutFrame == 0)
        #expect(outcome.failureCounts.isEmpty, "\(outcome.firstFailures)")
        #expect(decisions.count == expected.count)
        let differing = zip(decisions, expected).filter { $0.0 != $0.1 }
        #expect(differing.isEmpty, "\(differing.count) frames differ; first: \(differing.prefix(3).map { "\($0.0) vs \($0.1)" })")
        #expect(outcome.summary.firstPauseAt == expectedSummary.firstPauseAt)
        #expect(outcome.summary.deniedPrefixes == expectedSummary.deniedPrefixes)
        #expect(abs(outcome.summary.guarded.cost - expectedSummary.guarded.cost) < 1e-6)

        let (replayed, _) = try Self.scenarioDecisions(saved)
        #expect(replayed == decisions)
    }

    @Test("a Prometheus that goes away mid-backtest stops it with an error naming the query")
    func unreachableStopsBacktest() async throws {
        let port = try CannedHTTPServer.closedPort()
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: "http://127.0.0.1:\(port)", timeoutSeconds: 5))
        let queries = FrameQueries(ScenarioMetrics.queries(label: "x", url: "http://127.0.0.1:\(port)"))
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let window = BacktestWindow(from: start, to: start.addingTimeInterval(3600), step: 15)
        var spec = CostGuardSpec()
        spec.signals.prometheus = ScenarioMetrics.queries(label: "x", url: "http://127.0.0.1:\(port)")
        let backtest = PrometheusBacktest(evaluator: RangeEvaluator(client: client, queries: queries), window: window)
        let error = await #expect(throws: SignalsError.self) {
            _ = try await backtest.run(header: BacktestSetup.header(spec: spec, window: window, model: nil)) { _ in }
        }
        #expect(error?.code == .unreachable && error?.message.contains("range query") == true)
        try await client.shutdown()
    }
}
