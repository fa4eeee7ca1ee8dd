import Demo
import Foundation
import KubeClient
import KubeSim
@testable import OperatorRuntime
import Testing
import TestSupport

/// With the API server gone (answering 503, its watches dropped), an already-synced operator must not look healthy: within seconds a
/// warning names the server and the error (once per resource, not at every retry), the caches'
/// staleness grows in `costguard_cache_staleness_seconds`, and `/readyz` turns false past the bound.
@Suite struct CacheStalenessTests {
    @Test func losingTheAPIServerIsWarnedMeasuredAndMakesTheOperatorUnready() async throws {
        let (header, _) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            let capture = LogCapture(level: .info)
            let client = try Client(configuration: ClientConfiguration(server: cluster.server.url), logger: capture.logger())
            var watch = WatcherConfiguration(backoff: Backoff(base: .milliseconds(50), cap: .milliseconds(400)))
            watch.staleAfterOverride = .seconds(2)
            let controller = GuardController(client: client, configuration: ControllerConfiguration(identity: "stale-test", watch: watch),
                                             logger: capture.logger())
            let metrics = OperatorMetrics()
            metrics.sampleCaches { controller.cache.staleness() }
            let task = Task { try await controller.run() }
            // A client dropped unclosed traps the whole test process: closed on every path.
            func cleanUp() async {
                controller.stop()
                task.cancel()
                _ = await task.result
                do { try await client.shutdown() } catch {}
                cluster.state.clearFaults()
            }
            do {
                try await SimulationSupport.eventually("the caches to sync and their watches to open", timeout: .seconds(90)) {
                    controller.cache.readiness().ready && controller.cache.staleness().values.allSatisfy { $0 == 0 }
                }

                // The API server stops answering: every request gets 503 and the open watches drop.
                // (Fault injection, not a server shutdown: KubeSim cancelled under open watches can trap.)
                cluster.state.inject(Fault(.status(code: 503, retryAfterSeconds: nil), times: 1_000_000))
                cluster.state.dropWatches()
                let gone = ContinuousClock.now
                try await SimulationSupport.eventually("a warning naming the server", timeout: .seconds(10)) {
                    capture.all.contains { $0.hasPrefix("warning cannot reach the API server") && $0.contains(cluster.server.url) }
                }
                #expect(ContinuousClock.now - gone < .seconds(10))
                try await SimulationSupport.eventually("every cache to go stale: \(controller.cache.staleness())", timeout: .seconds(30)) {
                    controller.cache.staleness().values.allSatisfy { $0 > 2 }
                }
                #expect(!controller.cache.readiness().ready)
                let reason = controller.cache.readiness().reason
                #expect(reason.contains("caches stale past 2 s") && reason.contains("nodes"), "\(reason)")
                let exposition = metrics.exposition()
                let line = exposition.split(separator: "\n").first { $0.hasPrefix("costguard_cache_staleness_seconds{resource=\"nodes\"}") }
                let value = line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
                #expect(value >= 2, "\(line ?? "no staleness series")")
                // Many attempts failed meanwhile (backoff capped at 0.4 s); each resource warned once.
                for resource in ["costguards", "nodes", "horizontalpodautoscalers", "namespaces"] {
                    let warnings = capture.all.filter { $0.hasPrefix("warning cannot reach the API server: the \(resource) cache") }
                    #expect(warnings.count == 1, "\(resource): \(warnings)")
                }
            } catch {
                await cleanUp()
                throw error
            }
            await cleanUp()
        }
    }
}
