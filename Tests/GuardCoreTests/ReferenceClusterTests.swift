@testable import GuardCore
import Testing

/// The reference model, step by step, against numbers worked out by hand from spec/scenarios.md.
@Suite struct ReferenceClusterTests {
    let cluster = ClusterParameters(nodes: 2, minNodes: 1, maxNodes: 50, podsPerNode: 10, nodeHourlyPrice: 0.2,
                                    nodeProvisionSeconds: 90, nodeScaleDownSeconds: 600)
    let workload = WorkloadParameters(namespace: "shop", name: "web", minReplicas: 2, maxReplicas: 100, rpsPerPod: 10,
                                      targetUtilization: 0.5, podStartSeconds: 30, scaleDownStabilizationSeconds: 60)

    @Test func firstFrameStartsAtTheDesiredCountWithReadyNodes() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        let step = model.step(t: 0, rps: 250, deniedRps: 0, paused: false, ceiling: nil)
        // 250 / (10 * 0.5) = 50 replicas, 5 nodes (more than the 2 the cluster starts with), all ready.
        #expect(step.replicas == 50)
        #expect(step.nodes == 5 && step.readyNodes == 5)
        #expect(abs(step.hourlySpend - 1.0) < 1e-9)
        #expect(step.served == 250)
    }

    @Test func scaleUpIsLimitedToDoublingOrFourPodsAndNodesTakeTimeToBeReady() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        _ = model.step(t: 0, rps: 10, deniedRps: 0, paused: false, ceiling: nil)          // 2 replicas, 2 nodes
        let up = model.step(t: 15, rps: 500, deniedRps: 0, paused: false, ceiling: nil)    // desired 100
        #expect(up.desired == 100)
        #expect(up.replicas == 6)                      // max(2*2, 2+4)
        #expect(up.nodes == 2)
        let more = model.step(t: 30, rps: 500, deniedRps: 0, paused: false, ceiling: nil)
        #expect(more.replicas == 12)
        #expect(more.nodes == 2 && more.readyNodes == 2) // 12 pods need 2 nodes
        let again = model.step(t: 45, rps: 500, deniedRps: 0, paused: false, ceiling: nil)
        #expect(again.replicas == 24)
        #expect(again.nodes == 3 && again.readyNodes == 2) // requested at 45, ready at 135
        #expect(again.served == 200)                        // 2 ready nodes * 10 pods * 10 rps
        #expect(again.admitted == 500)
    }

    @Test func pauseHoldsReplicasAndCeilingCapsThem() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        _ = model.step(t: 0, rps: 100, deniedRps: 0, paused: false, ceiling: nil)          // 20 replicas
        let paused = model.step(t: 15, rps: 400, deniedRps: 0, paused: true, ceiling: nil)
        #expect(paused.replicas == 20)
        let capped = model.step(t: 30, rps: 400, deniedRps: 0, paused: false, ceiling: 30)
        #expect(capped.replicas == 30)
        let lowered = model.step(t: 45, rps: 400, deniedRps: 0, paused: false, ceiling: 25)
        #expect(lowered.replicas == 25)                 // a ceiling below r brings r down at once
    }

    @Test func deniedTrafficIsNotAdmitted() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        let step = model.step(t: 0, rps: 300, deniedRps: 200, paused: false, ceiling: nil)
        #expect(step.admitted == 100)
        #expect(step.replicas == 20)
    }

    @Test func withinTenPercentTheHPAKeepsItsCount() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        _ = model.step(t: 0, rps: 100, deniedRps: 0, paused: false, ceiling: nil)          // 20 replicas
        let step = model.step(t: 15, rps: 109, deniedRps: 0, paused: false, ceiling: nil)  // ratio 1.09
        #expect(step.desired == 20 && step.replicas == 20)
    }

    @Test func scaleDownWaitsForTheStabilizationWindowAndNodesForTheirDelay() {
        var model = ReferenceCluster(cluster: cluster, workload: workload, interval: 15)
        _ = model.step(t: 0, rps: 300, deniedRps: 0, paused: false, ceiling: nil)          // 60 replicas, 6 nodes
        var t = 15.0
        var step = model.step(t: t, rps: 50, deniedRps: 0, paused: false, ceiling: nil)    // desired 10
        #expect(step.replicas == 60)                   // the 60 recommended at t=0 is inside the 60 s window
        while t < 60 {
            t += 15
            step = model.step(t: t, rps: 50, deniedRps: 0, paused: false, ceiling: nil)
        }
        #expect(step.replicas == 10)                   // t=60: the window (0, 60] holds only 10s
        #expect(step.nodes == 6)                       // unneeded since t=60 only
        while t < 60 + 600 - 15 {
            t += 15
            step = model.step(t: t, rps: 50, deniedRps: 0, paused: false, ceiling: nil)
        }
        #expect(step.nodes == 6)
        step = model.step(t: 660, rps: 50, deniedRps: 0, paused: false, ceiling: nil)
        #expect(step.nodes == 1)                       // 10 replicas need 1 node; 5 unneeded for 600 s removed
    }
}
