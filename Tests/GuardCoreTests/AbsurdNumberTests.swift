@testable import GuardCore
import Testing

/// Numbers no signal should carry never trap the process: one bad metric must not take every
/// guard's protection with it (an HPA reading `1000E` trapped with "Double value cannot be
/// converted to Int"). The edges refuse them (SignalBounds); the core stays safe regardless.
@Suite struct AbsurdNumberTests {
    @Test(arguments: [1e12, 1e18, 1e20, 1e300, Double.infinity, Double.nan])
    func theReferenceClusterAndReasonsNeverTrap(rate: Double) {
        let workload = WorkloadParameters(namespace: "a", name: "b", minReplicas: 1, maxReplicas: 10, rpsPerPod: 10,
                                               targetUtilization: 0.5, podStartSeconds: 30, scaleDownStabilizationSeconds: 300)
        let cluster = ClusterParameters(nodes: 2, minNodes: 1, maxNodes: 10, podsPerNode: 10, nodeHourlyPrice: 0.2,
                                             nodeProvisionSeconds: 90, nodeScaleDownSeconds: 600)
        var reference = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        _ = reference.step(t: 0, rps: 10, deniedRps: 0, paused: false, ceiling: nil)
        let step = reference.step(t: 15, rps: rate, deniedRps: 0, paused: false, ceiling: nil)
        #expect(step.replicas <= workload.maxReplicas && step.nodes <= cluster.maxNodes)
        #expect(!Reason.jump(multiple: rate, seconds: rate).description.isEmpty)
        #expect(!Reason.multiple(rate).isEmpty)
    }

    @Test func theBoundSaysWhatIsWrong() {
        #expect(SignalBounds.problem(withRate: 5000) == nil)
        #expect(SignalBounds.problem(withRate: 1e9) == nil)
        #expect(SignalBounds.problem(withRate: 2e9)?.contains("beyond any plausible rate") == true)
        #expect(SignalBounds.problem(withRate: -1)?.contains("negative") == true)
        #expect(SignalBounds.problem(withRate: .infinity)?.contains("not a finite number") == true)
    }
}
