import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import ScenarioCatalog
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// The operator with guards that name a real Prometheus (Debian's, started by the tests over
/// data that promtool backfilled from the demo scenario): every interval's frame is read with
/// PromQL, and the operator decides as the scenario replay does. When the data stops, or the
/// endpoint is down or is not Prometheus, signals are reported unavailable, no surge pause
/// starts, a pause in force runs out its hold-down, and the node cap is still held.
@Suite(.enabled(if: OperatorPrometheus.enabled, OperatorPrometheus.skipReason), .serialized)
struct OperatorPrometheusTests {
    static func guardSpec(_ cluster: SimulatedCluster, prometheus: CostGuardSpec.Signals.Prometheus) -> JSONValue {
        var spec = cluster.guardSpec(mode: .enforce)
        var signals = spec["signals"] ?? [:]
        signals["prometheus"] = OperatorPrometheus.json(prometheus)
        spec["signals"] = signals
        return spec
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
        default: return false
        }
    }

    /// The fields the decision reads; routes and sources compared as sets of values.
    static func difference(_ built: SignalFrame, _ expected: SignalFrame) -> String? {
        if !close(built.rps, expected.rps) { return "rps \(built.rps) vs \(expected.rps)" }
        if !close(built.clientErrorRatio, expected.clientErrorRatio) { return "clientErrorRatio differs" }
        if !close(built.conversionRatio, expected.conversionRatio) { return "conversionRatio differs" }
        if !close(built.uniqueSources, expected.uniqueSources) { return "uniqueSources differs" }
        if !close(built.newSourceRatio, expected.newSourceRatio) { return "newSourceRatio differs" }
        let routes = Dictionary(uniqueKeysWithValues: (built.routes ?? []).map { ($0.route, $0.share) })
        for route in expected.routes ?? [] where !close(routes[route.route], route.share) { return "route \(route.route) differs" }
        if routes.count != (expected.routes ?? []).count { return "\(routes.count) routes vs \((expected.routes ?? []).count)" }
        let sources = Dictionary(uniqueKeysWithValues: (built.topSources ?? []).map { ($0.prefix, $0.rps) })
        for source in expected.topSources ?? [] where !close(sources[source.prefix], source.rps) { return "source \(source.prefix) differs" }
        if sources.count != (expected.topSources ?? []).count { return "\(sources.count) sources vs \((expected.topSources ?? []).count)" }
        return nil
    }

    @Test func everyFrameIsReadFromPrometheusAndTheOperatorDecidesAsTheReplay() async throws {
        let loaded = try await OperatorPrometheus.shared()
        let (header, frames) = (loaded.header, loaded.frames)
        var expected: [ReplayFrame] = []
        _ = try Replay.run(try ScenarioReader(path: loaded.fullPath)) { expected.append($0) }
        // The replay must pause on the flood, or matching it would prove little.
        #expect(expected.contains { $0.pauseReason == .surge })

        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: Self.guardSpec(cluster, prometheus: ScenarioMetrics.queries(label: "demo", url: loaded.server.url)))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var mismatchedFrames: [String] = []
                var mismatchedDecisions: [String] = []
                var pausedHPA = false
                for index in 1..<frames.count {
                    let (_, results) = try await cluster.step(frames[index], operators: [handle])
                    let result = results[0].result
                    guard let frame = result.frame else {
                        mismatchedFrames.append("t=\(frames[index].t): no frame (\(result.signalFailures))")
                        continue
                    }
                    if let difference = Self.difference(frame, frames[index]) { mismatchedFrames.append("t=\(frames[index].t): \(difference)") }
                    let want = expected[index]
                    if result.plan.verdict.class != want.verdict.class || result.plan.pauseReason != want.pauseReason {
                        mismatchedDecisions.append("t=\(want.t): \(result.plan.verdict.class)/\(String(describing: result.plan.pauseReason))"
                            + " vs replay \(want.verdict.class)/\(String(describing: want.pauseReason))")
                    }
                    if SimulationSupport.selectPolicy(try cluster.hpa()) == "Disabled" { pausedHPA = true }
                    if index == frames.count / 2 {
                        let condition = try SimulationSupport.status(cluster).condition(ConditionType.signalsAvailable)
                        #expect(condition?.status == .true, "\(String(describing: condition))")
                    }
                }
                #expect(mismatchedFrames.isEmpty, "\(mismatchedFrames.count) frames differ; first: \(mismatchedFrames.prefix(3))")
                #expect(mismatchedDecisions.isEmpty, "\(mismatchedDecisions.count) decisions differ; first: \(mismatchedDecisions.prefix(3))")
                #expect(pausedHPA)
            }
        }
    }

    @Test func whenTheDataStopsMidPauseThePauseRunsOutItsHoldDownAndNoNewOneStarts() async throws {
        let loaded = try await OperatorPrometheus.shared()
        let (header, frames) = (loaded.header, loaded.frames)
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: Self.guardSpec(cluster, prometheus: ScenarioMetrics.queries(label: "demo-cut", url: loaded.server.url)))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var pausedUntil: Date?
                var lastFrameAt: Double?
                var resumedAt: Double?
                var pausedAgain = false
                var surgeBefore = false
                for frame in frames.dropFirst() where frame.t <= OperatorPrometheus.cutAt + 2 * 3600 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let result = results[0].result
                    if result.frame != nil { lastFrameAt = frame.t }
                    let hpa = try cluster.hpa()
                    let disabled = SimulationSupport.selectPolicy(hpa) == "Disabled"
                    if disabled, resumedAt == nil {
                        pausedUntil = OperatorPrometheus.pausedUntil(hpa) ?? pausedUntil
                    } else if !disabled, pausedUntil != nil, resumedAt == nil {
                        resumedAt = frame.t
                    } else if disabled, resumedAt != nil {
                        pausedAgain = true
                    }
                    if frame.t > OperatorPrometheus.cutAt + 120 {
                        #expect(result.frame == nil, "a frame at t=\(frame.t), after the data ended")
                        // Without data a surge pause can only be the one already in force.
                        #expect(result.plan.pauseReason != .surge || surgeBefore, "a surge pause started at t=\(frame.t) on no data")
                    }
                    surgeBefore = result.plan.pauseReason == .surge
                }
                let status = try SimulationSupport.status(cluster)

                // The data ran out while the flood was on and the HPA paused.
                let last = try #require(lastFrameAt)
                #expect(last <= OperatorPrometheus.cutAt + 60 && last >= OperatorPrometheus.cutAt - header.interval)
                let until = try #require(pausedUntil, "the HPA was never paused")
                let resumed = try #require(resumedAt, "the pause never ended")
                // It ran out its hold-down from the last surge frame, and did not end early for lack of data.
                let resumedTime = header.start.addingTimeInterval(resumed)
                // The recorded end moves in steps of a minute (HPAConvergence.untilSlack), so it may
                // lag the engine's by up to that.
                #expect(resumedTime >= until.addingTimeInterval(-header.interval))
                #expect(resumedTime <= until.addingTimeInterval(60 + 2 * header.interval))
                #expect(!pausedAgain)
                let condition = try #require(status.condition(ConditionType.signalsAvailable))
                #expect(condition.status == .false)
                #expect(condition.reason == "RequestRateUnavailable")
                #expect(condition.message.contains("requestRate"), "\(condition.message)")
            }
        }
    }

    @Test(arguments: [OperatorPrometheus.Broken.unreachable, .notPrometheus])
    func aBrokenEndpointStartsNoSurgePauseAndTheNodeCapStillHolds(_ broken: OperatorPrometheus.Broken) async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let url = switch broken {
            // Port 1 (tcpmux) has no listener on any machine these tests run on: connection refused.
            case .unreachable: "http://127.0.0.1:1"
            // The API server answers Kubernetes Status objects: a wrong URL, not a Prometheus.
            case .notPrometheus: cluster.server.url
            }
            var spec = Self.guardSpec(cluster, prometheus: ScenarioMetrics.queries(label: "demo", url: url))
            spec["caps"] = ["maxNodes": 10]
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var surgePauses = 0
                var lowered = false
                var condition: Condition?
                for frame in frames.dropFirst() where frame.t < SimulationSupport.floodOnset + 3600 {
                    let (step, results) = try await cluster.step(frame, operators: [handle])
                    let result = results[0].result
                    #expect(result.frame == nil)
                    if result.plan.pauseReason == .surge { surgePauses += 1 }
                    #expect(step.guarded.nodes <= 10, "\(step.guarded.nodes) nodes at t=\(frame.t)")
                    let hpa = try cluster.hpa()
                    #expect(SimulationSupport.selectPolicy(hpa) != "Disabled", "paused at t=\(frame.t) without signals")
                    if Int(hpa.spec.maxReplicas) < header.workload.maxReplicas { lowered = true }
                    if frame.t > SimulationSupport.floodOnset, condition == nil {
                        condition = try SimulationSupport.status(cluster).condition(ConditionType.signalsAvailable)
                    }
                }
                #expect(surgePauses == 0)
                #expect(lowered, "the node cap was not held without Prometheus")
                let reported = try #require(condition)
                #expect(reported.status == .false)
                #expect(reported.reason == "RequestRateUnavailable")
                #expect(reported.message.contains("requestRate"), "\(reported.message)")
            }
        }
    }
}
