import Demo
import Foundation
import GuardCore
import KubeClient
import KubeModel
import Logging
import OperatorRuntime
import Testing

/// Two operator instances with leader election on a Lease in KubeSim: one acts, the other
/// stands by with a warm classifier, and takes over within the lease time when the leader dies.
@Suite struct LeaderFailoverTests {
    @Test func oneLeaderActsAndTheStandbyTakesOverWithinTheLeaseTime() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .enforce)))
            _ = try cluster.begin(with: frames[0])

            func elector(_ identity: String) throws -> (LeaderElector, Client) {
                let client = try Client(configuration: ClientConfiguration(server: cluster.server.url))
                let configuration = LeaderElectionConfiguration(
                    namespace: "default", name: "costguard-operator", identity: identity, leaseDuration: .seconds(5),
                    renewDeadline: .seconds(4), retryPeriod: .milliseconds(200), releaseOnCancel: false)
                return (LeaderElector(client: client, configuration: configuration, logger: Logger(label: "lease-\(identity)")), client)
            }
            let (electorA, clientA) = try elector("a")
            let (electorB, clientB) = try elector("b")
            do {
                try await campaignAndFailOver(cluster, frames, electorA, electorB)
            } catch {
                // The clients must be shut down before they are released, or the process traps.
                try await clientA.shutdown()
                try await clientB.shutdown()
                throw error
            }
            try await clientA.shutdown()
            try await clientB.shutdown()
        }
    }

    private func campaignAndFailOver(_ cluster: SimulatedCluster, _ frames: [SignalFrame],
                                     _ electorA: LeaderElector, _ electorB: LeaderElector) async throws {
        let campaignA = Task { try await electorA.run() }
        try await SimulationSupport.eventually("a to lead") { electorA.isLeader }
        let campaignB = Task { try await electorB.run() }
        // B stands by for the whole run; A leads until it is killed, as its scope ends.
        try await cluster.withOperator(identity: "b", isLeader: { electorB.isLeader }) { operatorB in
            var index = 1
            var pausedByA = false
            try await cluster.withOperator(identity: "a", isLeader: { electorA.isLeader }, ending: .killed) { operatorA in
                while index < frames.count, !pausedByA {
                    let (_, results) = try await cluster.step(frames[index], operators: [operatorA, operatorB])
                    index += 1
                    #expect(!(electorA.isLeader && electorB.isLeader))
                    let writesB = results[1].report.hpaWrites.count + results[1].report.statusWrites
                    #expect(writesB == 0, "the standby wrote at t=\(frames[index - 1].t)")
                    pausedByA = results[0].report.hpaWrites.contains { $0.contains("scale-up paused") }
                    if pausedByA {
                        // The standby saw the same surge: its classifier is warm for a takeover.
                        #expect(results[1].result.plan.pauseReason == .surge)
                    }
                }
                #expect(pausedByA)
                // The leader dies without releasing the Lease.
                campaignA.cancel()
                _ = await campaignA.result
            }
            let died = ContinuousClock.now
            try await SimulationSupport.eventually("b to lead", timeout: .seconds(10)) { electorB.isLeader }
            let failover = ContinuousClock.now - died
            // Lease duration and one retry period, plus a margin for a loaded machine.
            #expect(failover <= .milliseconds(5000 + 200 + 2000), "failover took \(failover)")

            var resumedByB = false
            while index < frames.count, !resumedByB {
                let (_, results) = try await cluster.step(frames[index], operators: [operatorB])
                index += 1
                #expect(results[0].report.leader)
                resumedByB = results[0].report.hpaWrites.contains { $0.contains("scale-up resumed") }
            }
            #expect(resumedByB)
        }
        campaignB.cancel()
        _ = await campaignB.result
    }
}
