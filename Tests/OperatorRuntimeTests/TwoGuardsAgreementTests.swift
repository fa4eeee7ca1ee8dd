import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import OperatorRuntime
import Testing

/// Two guards on one HPA: the replay merges their claims as the operator does (GuardCore's
/// ClaimMerge), so over the same frames the ceiling the replay applies is the HPA's maxReplicas
/// in the cluster, frame by frame.
@Suite struct TwoGuardsAgreementTests {
    @Test func theReplayAndTheOperatorAgreeOnTheCeilingInForce() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        // The crowd at 1 h, played until it has faded: the second guard's node cap binds in it.
        let played = Array(frames.prefix(600))
        var tight = header.guardSpec
        tight.caps.maxNodes = 6
        tight.mode = .enforce

        var replay = Replay(header: header, otherGuards: [("tight", tight)])
        let replayed = played.map { replay.step($0) }
        let ceilinged = replayed.filter { $0.replicaCeiling != nil }
        try #require(ceilinged.count >= 20, "the second guard's cap must bind in the replay")
        #expect(ceilinged.allSatisfy { $0.ceilingBy == "tight" })
        #expect(replayed.allSatisfy { $0.guarded.nodes <= 6 }, "the tighter cap holds in every frame")
        // Alone, the scenario's guard sets no ceiling on these frames: the one in force is the other guard's.
        var alone = Replay(header: header)
        #expect(played.allSatisfy { alone.step($0).replicaCeiling == nil })

        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            var tightSpec = cluster.guardSpec(mode: .enforce)
            var caps = tightSpec["caps"] ?? [:]
            caps["maxNodes"] = 6
            tightSpec["caps"] = caps
            try cluster.createGuard(name: "tight", spec: tightSpec)
            _ = try cluster.begin(with: played[0])
            try await cluster.withOperator { handle in
                var disagreements: [String] = []
                for (index, frame) in played.enumerated().dropFirst() {
                    _ = try await cluster.step(frame, operators: [handle])
                    let hpa = try cluster.hpa()
                    // Frame k's decisions are in force once frame k has been evaluated: the replay's
                    // ceiling after frame k is the HPA's maxReplicas now.
                    let expected = replayed[index].replicaCeiling ?? header.workload.maxReplicas
                    if Int(hpa.spec.maxReplicas) != expected {
                        disagreements.append("t=\(frame.t): HPA \(hpa.spec.maxReplicas), replay \(expected)")
                    }
                    if replayed[index].replicaCeiling != nil {
                        let holder = hpa.metadata.annotations?["costguard.dev/ceiling-by"]
                        if holder != "tight" { disagreements.append("t=\(frame.t): ceiling held by \(holder ?? "nobody")") }
                    }
                }
                #expect(disagreements.isEmpty, "\(disagreements.count) frames differ, first: \(disagreements.prefix(5))")
            }
        }
    }
}
