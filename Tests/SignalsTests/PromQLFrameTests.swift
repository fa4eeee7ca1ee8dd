import CostGuardAPI
import Foundation
import GuardCore
import PrometheusBackfill
import Signals
import Testing

/// Frames built by PromQL from a real Prometheus, filled by promtool from scenario files.
@Suite(.enabled(if: PrometheusFixture.enabled, PrometheusFixture.skipReason))
struct PromQLFrameTests {
    @Test("range queries give back every frame of a full scenario, across chunk boundaries")
    func rangeFramesMatchScenario() async throws {
        let loaded = try await PrometheusFixture.shared()
        let scenario = try #require(loaded.scenarios["news-flash-crowd"])
        let expected = try PrometheusFixture.frames(scenario.path)
        let client = try PrometheusFixture.client(loaded)
        let queries = FrameQueries(ScenarioMetrics.queries(label: "news-flash-crowd", url: loaded.server.url))
        #expect(queries.queries.count == FrameField.allCases.count)
        let window = BacktestWindow(from: scenario.header.start, to: scenario.header.start.addingTimeInterval(expected.last!.t),
                                    step: scenario.header.interval, pointsPerChunk: 1000)
        #expect(window.stepCount == expected.count)
        let evaluator = RangeEvaluator(client: client, queries: queries)
        var built: [FrameEvaluation] = []
        for steps in window.chunks { built += try await evaluator.evaluate(window, steps: steps).evaluations }
        try await client.shutdown()

        #expect(built.count == expected.count)
        var mismatches: [String] = []
        for (evaluation, frame) in zip(built, expected) {
            guard let got = evaluation.frame else { mismatches.append("t \(frame.t): no frame: \(evaluation.failures)"); continue }
            if !evaluation.failures.isEmpty { mismatches.append("t \(frame.t): failures \(evaluation.failures)") }
            if let difference = FrameMatching.difference(got, frame) { mismatches.append("t \(frame.t): \(difference)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ; first: \(mismatches.prefix(3))")
    }

    @Test("instant queries (the live path) give the scenario's frame at its time")
    func instantFramesMatchScenario() async throws {
        let loaded = try await PrometheusFixture.shared()
        let scenario = try #require(loaded.scenarios["http-flood-botnet"])
        let expected = try PrometheusFixture.frames(scenario.path)
        let client = try PrometheusFixture.client(loaded)
        let source = PrometheusMetricsSource(client: client, queries: FrameQueries(ScenarioMetrics.queries(label: "http-flood-botnet", url: loaded.server.url)))
        // Before, at and during the flood (onset at 4 h), and the last frame.
        for index in [0, 1, 700, 960, 961, 1000, expected.count - 1] {
            let frame = expected[index]
            let evaluation = await source.evaluate(at: scenario.header.start.addingTimeInterval(frame.t), t: frame.t)
            #expect(evaluation.failures.isEmpty, "t \(frame.t): \(evaluation.failures)")
            let got = try #require(evaluation.frame, "t \(frame.t): no frame")
            #expect(FrameMatching.difference(got, frame) == nil, "t \(frame.t): \(FrameMatching.difference(got, frame) ?? "")")
        }
        try await client.shutdown()
    }

    @Test("a guard with only requestRate builds rate-only frames")
    func rateOnlyFrames() async throws {
        let loaded = try await PrometheusFixture.shared()
        let scenario = try #require(loaded.scenarios["rate-only-attack"])
        let expected = try PrometheusFixture.frames(scenario.path)
        let client = try PrometheusFixture.client(loaded)
        let queries = FrameQueries(ScenarioMetrics.rateOnlyQueries(label: "rate-only-attack", url: loaded.server.url))
        let window = BacktestWindow(from: scenario.header.start, to: scenario.header.start.addingTimeInterval(expected.last!.t),
                                    step: scenario.header.interval)
        let chunk = try await RangeEvaluator(client: client, queries: queries).evaluate(window, steps: window.chunks[0])
        try await client.shutdown()
        #expect(chunk.evaluations.count == expected.count)
        for (evaluation, frame) in zip(chunk.evaluations, expected) {
            let got = try #require(evaluation.frame)
            #expect(FrameMatching.difference(got, frame) == nil)
            #expect(got.routes == nil && got.topSources == nil && got.clientErrorRatio == nil)
        }
    }
}
