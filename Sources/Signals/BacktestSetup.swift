import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO

/// What a backtest replays on: the guard, its queries, the window and the simulated cluster.
package enum BacktestSetup {
    /// The cluster model when none is given (docs/signals.md): three nodes at the guard's default
    /// node price, room for 1000, ten pods a node; a workload of 40 rps a pod at 70 % target
    /// utilization, 2 to 1000 replicas; Kubernetes' default delays.
    package static func defaultClusterModel(for spec: CostGuardSpec) -> ClusterModel {
        ClusterModel(
            cluster: ClusterParameters(nodes: 3, minNodes: 3, maxNodes: 1000, podsPerNode: 10,
                                       nodeHourlyPrice: spec.pricing.defaultNodeHourly.double,
                                       nodeProvisionSeconds: 90, nodeScaleDownSeconds: 600),
            workload: WorkloadParameters(namespace: "default", name: "workload", minReplicas: 2, maxReplicas: 1000,
                                         rpsPerPod: 40, targetUtilization: 0.7, podStartSeconds: 30,
                                         scaleDownStabilizationSeconds: 300))
    }

    /// The header a backtest replays under: the step as interval, `from` as start.
    package static func header(spec: CostGuardSpec, window: BacktestWindow, model: ClusterModel?,
                              name: String = "prometheus") -> ScenarioHeader {
        let model = model ?? defaultClusterModel(for: spec)
        return ScenarioHeader(name: name, interval: window.step, start: window.from, cluster: model.cluster,
                              workload: model.workload, guardSpec: spec)
    }

    /// A time on the command line: RFC 3339 ("2026-11-20T08:00:00Z", fractions allowed) or Unix seconds.
    package static func parseTime(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
