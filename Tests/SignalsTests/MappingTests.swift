import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// The parts that need no server: the mapping, the window's chunks, times and the cluster file.
struct MappingTests {
    static let queries = FrameQueries(ScenarioMetrics.queries(label: "x", url: "http://127.0.0.1:9090"))

    @Test("sources keep the 20 heaviest prefixes, descending, and drop zero rates")
    func sourcesTopTwenty() {
        let values = (0..<30).map { LabeledValue(labels: ["prefix": "198.51.\($0).0/24"], value: Double($0)) }
        var answers: [FrameField: FieldAnswer] = [:]
        for field in FrameField.allCases { answers[field] = .values([LabeledValue(labels: [:], value: 0.5)]) }
        answers[.sources] = .values(values)
        answers[.routes] = .values([LabeledValue(labels: ["route": "/a"], value: 0.2), LabeledValue(labels: ["route": "/b"], value: 0.7)])
        let evaluation = FrameBuilder.frame(t: 30, queries: Self.queries, answers: answers)
        #expect(evaluation.failures.isEmpty)
        let top = evaluation.frame?.topSources ?? []
        #expect(top.count == 20)
        #expect(top.first?.prefix == IPPrefix("198.51.29.0/24") && top.last?.prefix == IPPrefix("198.51.10.0/24"))
        #expect(evaluation.frame?.routes?.map(\.route) == ["/b", "/a"])
        #expect(evaluation.frame?.t == 30 && evaluation.frame?.rps == 0.5)
    }

    @Test("a field whose query is not set stays out of the frame and is no failure")
    func unsetFieldsStayOut() {
        let queries = FrameQueries(.init(url: "http://p:9090", requestRate: "sum(rate(x[1m]))"))
        let evaluation = FrameBuilder.frame(t: 0, queries: queries, answers: [.requestRate: .values([LabeledValue(labels: [:], value: 12)])])
        #expect(evaluation.frame == SignalFrame(t: 0, rps: 12))
        #expect(evaluation.failures.isEmpty)
    }

    @Test("ratios outside 0…1 and negative rates are failures", arguments: [(FrameField.clientErrorRatio, 1.5), (.requestRate, -1), (.newSourceRatio, .infinity)])
    func outOfRange(_ field: FrameField, _ value: Double) {
        var answers: [FrameField: FieldAnswer] = [.requestRate: .values([LabeledValue(labels: [:], value: 10)])]
        answers[field] = .values([LabeledValue(labels: [:], value: value)])
        let queries = FrameQueries({
            var config = CostGuardSpec.Signals.Prometheus(url: "http://p:9090", requestRate: "r")
            config.clientErrorRatio = "e"
            config.newSourceRatio = "n"
            return config
        }())
        let evaluation = FrameBuilder.frame(t: 0, queries: queries, answers: answers)
        #expect(evaluation.failures.map(\.field).contains(field))
        #expect((evaluation.frame == nil) == (field == .requestRate))
    }

    @Test("a month at 15 s is cut into chunks of at most 11,000 points that cover every step once")
    func monthChunks() {
        let from = Date(timeIntervalSince1970: 1_793_000_000)
        let window = BacktestWindow(from: from, to: from.addingTimeInterval(30 * 86_400 - 15), step: 15)
        #expect(window.stepCount == 172_800)
        let chunks = window.chunks
        #expect(chunks.count == 16)
        #expect(chunks.allSatisfy { $0.count <= 11_000 })
        #expect(chunks.first?.lowerBound == 0 && chunks.last?.upperBound == 172_800)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(BacktestWindow(from: from, to: from, step: 15, pointsPerChunk: 50_000).pointsPerChunk == 11_000)
    }

    @Test("times: RFC 3339 with or without fractions, and Unix seconds")
    func times() {
        #expect(BacktestSetup.parseTime("2026-11-20T06:00:00Z")?.timeIntervalSince1970 == 1_795_154_400)
        #expect(BacktestSetup.parseTime("2026-11-20T07:00:00.500+01:00")?.timeIntervalSince1970 == 1_795_154_400.5)
        #expect(BacktestSetup.parseTime("1795154400")?.timeIntervalSince1970 == 1_795_154_400)
        #expect(BacktestSetup.parseTime("yesterday") == nil)
    }

    @Test("the cluster file is read with the scenario header's rules, YAML or JSON")
    func clusterFile() throws {
        let yaml = """
        cluster: {nodes: 4, minNodes: 2, maxNodes: 50, podsPerNode: 8, nodeHourlyPrice: 0.1,
                  nodeProvisionSeconds: 60, nodeScaleDownSeconds: 300}
        workload:
          namespace: shop
          name: web
          minReplicas: 2
          maxReplicas: 100
          rpsPerPod: 30
          targetUtilization: 0.6
        """
        let model = try ScenarioHeader.readClusterModel(text: yaml)
        #expect(model.cluster.podsPerNode == 8 && model.workload.rpsPerPod == 30 && model.workload.scaleDownStabilizationSeconds == 300)
        #expect(throws: ScenarioError.self) { try ScenarioHeader.readClusterModel(text: #"{"cluster": {"nodes": 4}, "workload": {}, "extra": 1}"#) }
        do {
            _ = try ScenarioHeader.readClusterModel(text: #"{"cluster": {"nodes": 4}, "workload": {}, "extra": 1}"#)
        } catch {
            #expect(error.problem.contains("cluster file.cluster.minNodes") && error.problem.contains("extra"))
        }
    }
}
