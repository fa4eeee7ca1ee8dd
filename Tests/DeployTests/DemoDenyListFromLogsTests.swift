import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import Logging
import ScenarioCatalog
import Testing
import TestSupport

/// `costguard demo` as it plays: every request of the built-in scenario is a Traefik access-log
/// line posted to the live receiver, the operator reads its frames from there, and the deny list
/// those frames feed fills during the flood and lapses after it, in a GlobalNetworkSet a real
/// kubectl reads, with every condition True while it holds.
@Suite struct DemoDenyListFromLogsTests {
    @Test func theDenyListFilledFromTheLogsHoldsOnlyTheFloodAndLapses() async throws {
        let recipe = ScenarioCatalog.demo
        let attackPrefixes = ScenarioSynthesizer(recipe).attackPrefixes
        let (header, frames) = try recipe.readBack()
        let quiet = Logger(label: "demo-logs") { _ in SwiftLogNoOpLogHandler() }
        try await SimulatedCluster.with(header: header, logger: quiet) { cluster in
            try await AccessLogFeed.with(header: header, clock: cluster.clock, logger: quiet) { feed in
                try cluster.installCalicoNetworkSets()
                try cluster.createGuard(spec: cluster.guardSpec(accessLogs: feed.signals))
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-netsets-\(UUID().uuidString)").path
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let kubectl = try Self.kubectl(for: cluster, in: directory)

                var lines = try await feed.write(frames[0])
                _ = try cluster.begin(with: frames[0])
                try await cluster.withOperator { handle in
                    var listed: Set<IPPrefix> = []
                    var listedSeen: JSONValue?
                    var conditionsWhileListed: [JSONValue] = []
                    var firstListing: Double?
                    var lapsedAt: Double?
                    var deniedRps = 0.0
                    var worstRpsError = 0.0
                    for frame in frames.dropFirst() {
                        lines += try await feed.write(frame)
                        let (step, results) = try await cluster.step(frame, operators: [handle])
                        let result = results[0].result
                        #expect(result.signalFailures.isEmpty, "t=\(frame.t): \(result.signalFailures)")
                        // The frame read back from the logs: the rate exactly as many requests as were logged.
                        let read = try #require(result.frame, "t=\(frame.t): no frame from the logs")
                        worstRpsError = max(worstRpsError, abs(read.rps - (frame.rps * header.interval).rounded() / header.interval))
                        deniedRps += step.deniedRps
                        let entries = result.plan.denyList.map(\.prefix)
                        listed.formUnion(entries)
                        if !entries.isEmpty, firstListing == nil {
                            firstListing = frame.t
                            listedSeen = try await kubectl?.object("globalnetworksets", "costguard-deny")
                            conditionsWhileListed = try cluster.guardObject()?["status"]?["conditions"]?.arrayValue ?? []
                        }
                        if firstListing != nil, entries.isEmpty {
                            lapsedAt = frame.t
                            break
                        }
                    }

                    #expect(lines > 2_000_000, "\(lines) lines")
                    #expect(worstRpsError < 1e-9)
                    // Listed early in the flood (3 h), only the flood's prefixes, and lapsed an hour after
                    // the flood ended (3 h 30 min, the deny list's TTL 1 h).
                    let listedAt = try #require(firstListing)
                    #expect(listedAt >= 3 * 3600 && listedAt <= 3 * 3600 + 120, "listed at t=\(listedAt)")
                    #expect(!listed.isEmpty && listed.isSubset(of: attackPrefixes), "listed \(listed.sorted())")
                    let lapsed = try #require(lapsedAt, "the deny list never lapsed")
                    #expect(lapsed > 4.4 * 3600 && lapsed < 4.6 * 3600, "lapsed at t=\(lapsed)")
                    #expect(deniedRps > 0, "the simulated Calico dropped nothing")
                    for type in ["Ready", "Enforcing", "SignalsAvailable"] {
                        let condition = conditionsWhileListed.first { $0["type"]?.stringValue == type }
                        #expect(condition?["status"] == "True", "\(type): \(condition?.jsonString ?? "missing")")
                    }
                    if let set = listedSeen {
                        let nets = (set.value(atPath: "spec.nets")?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(IPPrefix.init) }
                        #expect(!nets.isEmpty && Set(nets).isSubset(of: attackPrefixes), "kubectl get globalnetworksets: \(set.jsonString)")
                    }
                }
            }
        }
    }

    /// A real kubectl against the cluster, or nil (recorded as unavailable) without one.
    static func kubectl(for cluster: SimulatedCluster, in directory: String) throws -> KustomizeApplyTests.Kubectl? {
        guard let executable = TestEnvironment.findOnPath("kubectl") else {
            TestEnvironment.unavailable("kubectl get globalnetworksets", "kubectl is not on PATH", install: KustomizeApplyTests.install)
            return nil
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return KustomizeApplyTests.Kubectl(executable: executable,
                                           kubeconfig: try cluster.server.writeKubeconfig(to: directory + "/kubeconfig"),
                                           cacheDirectory: directory + "/cache")
    }
}
