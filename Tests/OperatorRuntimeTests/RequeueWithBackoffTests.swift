import CostGuardAPI
import Demo
import Foundation
import KubeModel
import KubeSim
import OperatorRuntime
import Testing

/// A write that meets a 409 Conflict is retried by the enforcer after its backoff (0.5 s, then
/// 1 s), on top of what the other writer left, instead of waiting for the guard's next interval.
/// The clock is stepped, so the retries happen exactly when the backoff says.
@Suite struct RequeueWithBackoffTests {
    static func hpaPatches(_ cluster: SimulatedCluster) -> Int {
        cluster.state.requests.filter { $0.verb == "patch" && $0.resource == "horizontalpodautoscalers" }.count
    }

    /// `count` HPA patches sent, and the loop back asleep on the clock: the backoff is counted
    /// from when the refusal was handled, so the clock is moved only after that.
    static func refused(_ cluster: SimulatedCluster, _ count: Int, _ what: String) async throws {
        try await SimulationSupport.eventually(what, timeout: .seconds(30)) {
            hpaPatches(cluster) == count && cluster.clock.sleepers > 0
        }
    }

    @Test func aConflictedHPAWriteIsRetriedAfterTheBackoffNotAtTheNextInterval() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            // A node cap below the cluster's size: the first evaluation puts a ceiling on the HPA.
            var spec = cluster.guardSpec(mode: .enforce)
            var caps = spec["caps"] ?? [:]
            caps["maxNodes"] = 1
            spec["caps"] = caps
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            let original = try cluster.hpa().spec.maxReplicas
            // Another writer got to the HPA first, twice.
            cluster.state.inject(Fault(.status(code: 409, retryAfterSeconds: nil), verb: "patch", resource: "horizontalpodautoscalers",
                                       times: 2))
            let start = cluster.clock.now()
            try await cluster.withOperator { handle in
                try await Self.refused(cluster, 1, "the first write, refused")
                // Not retried before its time on the clock.
                try await Task.sleep(for: .milliseconds(300))
                #expect(Self.hpaPatches(cluster) == 1)
                #expect(try cluster.hpa().spec.maxReplicas == original)

                cluster.clock.advance(to: start.addingTimeInterval(0.5))
                try await Self.refused(cluster, 2, "the retry after 0.5 s, refused again")
                cluster.clock.advance(to: start.addingTimeInterval(1.0))
                try await Task.sleep(for: .milliseconds(300))
                #expect(Self.hpaPatches(cluster) == 2, "the second backoff is 1 s")

                cluster.clock.advance(to: start.addingTimeInterval(1.5))
                try await SimulationSupport.eventually("the ceiling, 1.5 s after the first try", timeout: .seconds(30)) {
                    try cluster.hpa().spec.maxReplicas < original
                }
                #expect(Self.hpaPatches(cluster) == 3)
                let hpa = try cluster.hpa()
                #expect(hpa.metadata.annotations?["costguard.dev/original-max-replicas"] == String(original), "\(hpa.metadata)")
                // Converged: the guard's next interval finds nothing to write.
                _ = try await cluster.step(frames[1], operators: [handle])
                #expect(Self.hpaPatches(cluster) == 3)
            }
        }
    }
}
