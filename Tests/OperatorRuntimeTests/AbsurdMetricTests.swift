import CostGuardAPI
import Demo
import Foundation
import KubeModel
import KubeSim
@testable import OperatorRuntime
import Testing

/// One HPA whose metric reads an absurd value (`1000E`) is a bad signal for its own guard, never
/// a trap: the operator serves every guard from one process, and it trapped with "Double value
/// cannot be converted to Int", removing every guard's protection, again after each restart.
@Suite struct AbsurdMetricTests {
    static func hpa(averageValue: String, replicas: Int = 4) throws -> HorizontalPodAutoscaler {
        let json: JSONValue = [
            "metadata": ["name": "broken", "namespace": "other"],
            "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "broken"], "maxReplicas": 10],
            "status": ["currentReplicas": .int(Int64(replicas)), "desiredReplicas": .int(Int64(replicas)),
                       "currentMetrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"],
                                                                     "current": ["averageValue": .string(averageValue)]]]]],
        ]
        return try JSONDecoder().decode(HorizontalPodAutoscaler.self, from: Data(json.serialized()))
    }

    @Test(arguments: ["1000E", "1e400", "99999999999999999999"])
    func anAbsurdRateIsABadSignalNamingTheMetric(value: String) throws {
        guard case .unavailable(let why) = HPARate.rate(of: try Self.hpa(averageValue: value)) else {
            Issue.record("\(value) was taken as a rate")
            return
        }
        #expect(why.contains("requests_per_second"), "\(why)")
    }

    @Test func aPlausibleRateIsRead() throws {
        #expect(HPARate.rate(of: try Self.hpa(averageValue: "27500m")) == .rate(110))
    }

    /// End to end: a second guard's HPA reads 1000E; the demo guard is evaluated every interval
    /// as before, and the broken guard reports its signals unavailable, naming the metric.
    @Test func oneAbsurdMetricNeverStopsTheOtherGuards() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let state = cluster.state
            let namespaces = try #require(state.resourceType(group: "", version: "v1", plural: "namespaces"))
            try state.create(namespaces, namespace: nil, body: ["metadata": ["name": "other"]])
            let hpaType = try #require(state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers"))
            try state.create(hpaType, namespace: "other", body: [
                "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": ["name": "broken", "namespace": "other", "labels": ["costguard.dev/guard": "broken"]],
                "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "broken"], "minReplicas": 1, "maxReplicas": 10],
            ])
            _ = try state.patch(hpaType, namespace: "other", name: "broken", subresource: "status", patchType: .merge, patch: [
                "status": ["currentReplicas": 4, "desiredReplicas": 4,
                           "currentMetrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"], "current": ["averageValue": "1000E"]]]]],
            ])
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            var broken = cluster.guardSpec(mode: .enforce)
            broken["targets"] = ["hpaSelector": ["matchLabels": ["costguard.dev/guard": "broken"]]]
            try cluster.createGuard(name: "broken", spec: broken)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                for frame in frames.dropFirst().prefix(12) {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    #expect(results[0].result.frame != nil, "the demo guard had no frame at t=\(frame.t)")
                    #expect(results[0].report.evaluated.contains { $0.name == "broken" })
                }
                let status = CostGuardStatus(json: try cluster.guardObject("broken")?["status"])
                let signals = status.conditions?.first { $0.type == "SignalsAvailable" }
                #expect(signals?.status == .false, "\(String(describing: signals))")
                #expect(signals?.message.contains("beyond any plausible rate") == true, "\(String(describing: signals))")
            }
        }
    }
}
