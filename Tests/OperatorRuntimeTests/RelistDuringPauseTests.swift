import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import Testing

/// Every watch cut while a surge pause holds, and the history compacted so that resuming from
/// the last resourceVersion is 410 Gone (no bookmark has moved it on: the simulated cluster
/// plays its frames faster than KubeSim sends them):
/// the operator relists, and from then on decides and writes exactly as an operator whose
/// watches were never cut.
@Suite struct RelistDuringPauseTests {
    /// Per frame after the flood's onset: the plan's pause and ceiling, and the HPA's spec and
    /// CostGuard annotations as the next frame found them.
    struct Observed: Equatable {
        var t: Double
        var pause: PauseReason?
        var ceiling: Int?
        var selectPolicy: String?
        var maxReplicas: Int32
        var annotations: [String: String]
    }

    static func hpaWatches(_ cluster: SimulatedCluster) -> Int {
        cluster.state.requests.filter { $0.verb == "watch" && $0.resource == "horizontalpodautoscalers" }.count
    }

    static func play(cutWatchesAfterPause: Bool) async throws -> (observed: [Observed], relisted: Bool) {
        let (header, frames) = try SimulationSupport.demoScenario()
        return try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .enforce)))
            _ = try cluster.begin(with: frames[0])
            var observed: [Observed] = []
            var cut = false
            var watchesBeforeResume = 0
            try await cluster.withOperator { handle in
                for frame in frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 3600 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let plan = results[0].result.plan
                    guard frame.t >= SimulationSupport.floodOnset else { continue }
                    let hpa = try cluster.hpa()
                    observed.append(Observed(t: frame.t, pause: plan.pauseReason, ceiling: plan.ceilings.first?.maxReplicas,
                                             selectPolicy: SimulationSupport.selectPolicy(hpa), maxReplicas: hpa.spec.maxReplicas,
                                             annotations: SimulationSupport.costGuardAnnotations(hpa)))
                    // Two minutes into the pause every watch goes; while none can reconnect, a write
                    // moves the cluster's resourceVersion on and the history is compacted past every
                    // watch's, so each resume is 410 Gone.
                    if cutWatchesAfterPause, !cut, let pausedSince = observed.first(where: { $0.pause == .surge })?.t,
                       frame.t >= pausedSince + 120 {
                        cluster.state.inject(Fault(.status(code: 503, retryAfterSeconds: nil), verb: "watch", times: 1_000_000))
                        cluster.state.dropWatches()
                        let namespaceType = try #require(cluster.state.resourceType(group: "", version: "v1", plural: "namespaces"))
                        try cluster.state.create(namespaceType, namespace: nil, body: [
                            "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "written-while-disconnected"],
                        ])
                        cluster.state.compactHistory()
                        watchesBeforeResume = Self.hpaWatches(cluster)
                        cluster.state.clearFaults()
                        cut = true
                    }
                }
            }
            // The resume from the last resourceVersion, refused as Gone, and the relist after it
            // (a streaming list is a watch too).
            let relisted = Self.hpaWatches(cluster) >= watchesBeforeResume + 2
            #expect(!cutWatchesAfterPause || cut, "the flood never paused, so the watches were never cut")
            return (observed, cut && relisted)
        }
    }

    @Test func aRelistDuringASurgePauseChangesNothingTheOperatorDecidesOrWrites() async throws {
        let uncut = try await Self.play(cutWatchesAfterPause: false)
        let cut = try await Self.play(cutWatchesAfterPause: true)
        let relisted = cut.relisted
        #expect(relisted, "the operator did not list again after 410 Gone")
        #expect(uncut.observed.contains { $0.pause == .surge && $0.selectPolicy == "Disabled" }, "no surge pause to cut through")
        let (frames, framesUncut) = (cut.observed.count, uncut.observed.count)
        #expect(frames == framesUncut)
        for (with, without) in zip(cut.observed, uncut.observed) where with != without {
            Issue.record("t=\(with.t): after the relist \(with), without it \(without)")
        }
    }
}
