import CostGuardAPI
import Foundation
import GuardCore
import PrometheusBackfill
import Signals
import Testing

/// Answers a real Prometheus gives that are no request rate: NaN, an empty result, a PromQL
/// error; and optional fields that fail alone.
@Suite(.enabled(if: PrometheusFixture.enabled, PrometheusFixture.skipReason))
struct PromQLFailureTests {
    static func evaluate(_ config: CostGuardSpec.Signals.Prometheus) async throws -> FrameEvaluation {
        let loaded = try await PrometheusFixture.shared()
        let client = try PrometheusFixture.client(loaded)
        let scenario = try #require(loaded.scenarios["news-flash-crowd"])
        let time = scenario.header.start.addingTimeInterval(3600)
        let evaluation = await PrometheusMetricsSource(client: client, queries: FrameQueries(config)).evaluate(at: time, t: 3600)
        try await client.shutdown()
        return evaluation
    }

    @Test("a NaN request rate gives no frame", arguments: ["0/0", "sum(irate(ingress_requests_total{scenario=\"news-flash-crowd\"}[1m])) * (0/0)"])
    func nanRate(_ query: String) async throws {
        let evaluation = try await Self.evaluate(.init(url: "http://unused", requestRate: query))
        #expect(evaluation.frame == nil)
        let failure = try #require(evaluation.failures.first)
        #expect(failure.field == .requestRate && failure.error.code == .badResult && failure.error.message.contains("NaN"))
    }

    @Test("an empty request rate gives no frame")
    func emptyRate() async throws {
        let evaluation = try await Self.evaluate(.init(url: "http://unused", requestRate: "sum(irate(no_such_metric_total[1m]))"))
        #expect(evaluation.frame == nil)
        #expect(evaluation.failures.first?.error.message.contains("no series") == true)
    }

    @Test("a request rate of several series gives no frame")
    func severalSeries() async throws {
        let evaluation = try await Self.evaluate(.init(url: "http://unused", requestRate: "irate(ingress_requests_total{scenario=\"news-flash-crowd\"}[1m])"))
        #expect(evaluation.frame == nil)
        #expect(evaluation.failures.first?.error.message.contains("2 series") == true)
    }

    @Test("a PromQL syntax error surfaces Prometheus' errorType and error")
    func apiError() async throws {
        let evaluation = try await Self.evaluate(.init(url: "http://unused", requestRate: "sum(rate(x[1m]"))
        #expect(evaluation.frame == nil)
        let error = try #require(evaluation.failures.first?.error)
        #expect(error.code == .apiError && error.message.contains("bad_data") && error.message.contains("sum(rate(x[1m]"))
    }

    @Test("optional fields that fail leave a frame with the rest, and a failure each")
    func optionalFieldsFailAlone() async throws {
        let label = "news-flash-crowd"
        var config = ScenarioMetrics.queries(label: label, url: "http://unused")
        config.clientErrorRatio = "0/0"
        config.sources = #"label_replace(vector(3), "prefix", "300.1.2.0/24", "", "")"#
        config.routes = "sum by (code) (irate(ingress_requests_total{scenario=\"\(label)\"}[1m]))"
        let evaluation = try await Self.evaluate(config)
        let frame = try #require(evaluation.frame)
        #expect(frame.rps > 0 && frame.conversionRatio != nil && frame.uniqueSources != nil)
        #expect(frame.clientErrorRatio == nil && frame.topSources == nil && frame.routes == nil)
        #expect(Set(evaluation.failures.map(\.field)) == [.clientErrorRatio, .sources, .routes])
        let sources = try #require(evaluation.failures.first { $0.field == .sources })
        #expect(sources.error.message.contains("\"300.1.2.0/24\"") && sources.error.message.contains("not a CIDR"))
        let routes = try #require(evaluation.failures.first { $0.field == .routes })
        #expect(routes.error.message.contains("without a `route` label"))
        let condition = QueryFailure.signalsCondition(evaluation.failures, frameBuilt: true, at: Date())
        #expect(condition.status == .false && condition.reason == "QueriesFailed")
    }
}
