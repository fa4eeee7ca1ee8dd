import CostGuardAPI
import Foundation
import GuardCore

/// Everything a synthetic scenario is made of; the synthesizer turns it into frames.
package struct ScenarioRecipe: Sendable {
    package var name: String
    package var seed: UInt64
    /// Time of t = 0 (whole seconds, UTC).
    package var start: Date
    package var duration: Double
    package var interval = 15.0
    package var cluster = ReferenceSetup.cluster
    package var workload = ReferenceSetup.workload
    package var guardSpec = ReferenceSetup.guardSpec()
    package var baseline: OrganicBaseline
    package var episodes: [OrganicEpisode] = []
    package var attacks: [AttackWave] = []
    package var incidents: [QualityIncident] = []
    /// Drops every optional field: frames carry only t and rps.
    package var rateOnly = false
    /// How many of the heaviest prefixes a frame lists.
    package var topSources = 20
    package var truth: ScenarioHeader.Truth

    package init(name: String, seed: UInt64, start: Date, duration: Double, baseline: OrganicBaseline,
                truth: ScenarioHeader.Truth) {
        self.name = name
        self.seed = seed
        self.start = start
        self.duration = duration
        self.baseline = baseline
        self.truth = truth
    }

    package var header: ScenarioHeader {
        ScenarioHeader(name: name, interval: interval, start: start, cluster: cluster, workload: workload,
                       guardSpec: guardSpec, truth: truth)
    }

    package var frameCount: Int { Int((duration / interval).rounded(.down)) }
    package var isAttack: Bool { truth.class == "attack" }
}

/// The reference cluster, workload and guard of the example scenarios.
package enum ReferenceSetup {
    package static let cluster = ClusterParameters(nodes: 6, minNodes: 3, maxNodes: 400, podsPerNode: 10, nodeHourlyPrice: 0.192,
                                                  nodeProvisionSeconds: 90, nodeScaleDownSeconds: 600)
    package static let workload = WorkloadParameters(namespace: "shop", name: "web", minReplicas: 4, maxReplicas: 2000,
                                                    rpsPerPod: 40, targetUtilization: 0.7, podStartSeconds: 30,
                                                    scaleDownStabilizationSeconds: 300)
    /// Internal clients (health checks, batch jobs) live here and must never be denied.
    package static let internalRange = IPPrefix("10.0.0.0/8")!

    /// Enforce mode, hard node and spend caps, deny list on with the internal range exempt,
    /// Medium sensitivity, default warmup and hold-down.
    package static func guardSpec(maxNodes: Int = 60, maxHourlySpend: String = "12.00") -> CostGuardSpec {
        var spec = CostGuardSpec()
        spec.mode = .enforce
        spec.caps = .init(maxNodes: maxNodes, maxHourlySpend: Money(parsing: maxHourlySpend))
        spec.detection.sensitivity = .medium
        spec.actions.pauseScaleUp.enabled = true
        spec.actions.denyList.enabled = true
        spec.actions.denyList.ttl = GoDuration(seconds: 3600)
        spec.actions.denyList.maxEntries = 256
        spec.actions.denyList.neverDeny = [internalRange]
        return spec
    }
}
