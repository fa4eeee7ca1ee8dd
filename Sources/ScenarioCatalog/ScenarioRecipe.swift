import CostGuardAPI
import Foundation
import GuardCore

/// Everything a synthetic scenario is made of; the synthesizer turns it into frames.
public struct ScenarioRecipe: Sendable {
    public var name: String
    public var seed: UInt64
    /// Time of t = 0 (whole seconds, UTC).
    public var start: Date
    public var duration: Double
    public var interval = 15.0
    public var cluster = ReferenceSetup.cluster
    public var workload = ReferenceSetup.workload
    public var guardSpec = ReferenceSetup.guardSpec()
    public var baseline: OrganicBaseline
    public var episodes: [OrganicEpisode] = []
    public var attacks: [AttackWave] = []
    public var incidents: [QualityIncident] = []
    /// Drops every optional field: frames carry only t and rps.
    public var rateOnly = false
    /// How many of the heaviest prefixes a frame lists.
    public var topSources = 20
    public var truth: ScenarioHeader.Truth

    public init(name: String, seed: UInt64, start: Date, duration: Double, baseline: OrganicBaseline,
                truth: ScenarioHeader.Truth) {
        self.name = name
        self.seed = seed
        self.start = start
        self.duration = duration
        self.baseline = baseline
        self.truth = truth
    }

    public var header: ScenarioHeader {
        ScenarioHeader(name: name, interval: interval, start: start, cluster: cluster, workload: workload,
                       guardSpec: guardSpec, truth: truth)
    }

    public var frameCount: Int { Int((duration / interval).rounded(.down)) }
    public var isAttack: Bool { truth.class == "attack" }
}

/// The reference cluster, workload and guard of the example scenarios.
public enum ReferenceSetup {
    public static let cluster = ClusterParameters(nodes: 6, minNodes: 3, maxNodes: 400, podsPerNode: 10, nodeHourlyPrice: 0.192,
                                                  nodeProvisionSeconds: 90, nodeScaleDownSeconds: 600)
    public static let workload = WorkloadParameters(namespace: "shop", name: "web", minReplicas: 4, maxReplicas: 2000,
                                                    rpsPerPod: 40, targetUtilization: 0.7, podStartSeconds: 30,
                                                    scaleDownStabilizationSeconds: 300)
    /// Internal clients (health checks, batch jobs) live here and must never be denied.
    public static let internalRange = IPPrefix("10.0.0.0/8")!

    /// Enforce mode, hard node and spend caps, deny list on with the internal range exempt,
    /// Medium sensitivity, default warmup and hold-down.
    public static func guardSpec(maxNodes: Int = 60, maxHourlySpend: String = "12.00") -> CostGuardSpec {
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
