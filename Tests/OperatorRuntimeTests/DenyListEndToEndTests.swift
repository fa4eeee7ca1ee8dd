import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import ScenarioIO
import PrometheusBackfill
import Signals
import Testing

/// Deny lists end to end: the operator reads the demo's sources from a real Prometheus and
/// writes the flood's prefixes into a Calico GlobalNetworkSet (only the CRD API served, so the
/// fallback from projectcalico.org/v3 is exercised) or a CiliumCIDRGroup in KubeSim; entries
/// expire on their recorded time; DryRun writes no set; deleting the guard deletes the set.
@Suite(.enabled(if: OperatorPrometheus.enabled, OperatorPrometheus.skipReason), .serialized)
struct DenyListEndToEndTests {
    static func crd(group: String, version: String, plural: String, kind: String) -> JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": .object(["name": .string("\(plural).\(group)")]),
            "spec": [
                "group": .string(group), "scope": "Cluster",
                "names": ["plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind),
                          "listKind": .string(kind + "List")],
                "versions": [[
                    "name": .string(version), "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
    }

    struct Setup {
        var cluster: SimulatedCluster
        var setType: ResourceType
        var field: String
    }

    static func withSetup(provider: String, mode: CostGuardSpec.Mode, neverDeny: [String], url: String,
                          _ body: (Setup) async throws -> Void) async throws {
        let loaded = try await OperatorPrometheus.shared()
        try await SimulatedCluster.with(header: loaded.header) { cluster in
            let crdType = try #require(cluster.state.resourceType(group: "apiextensions.k8s.io", version: "v1",
                                                                    plural: "customresourcedefinitions"))
            let (group, version, plural, kind, field) = provider == "CiliumCIDRGroup"
                ? ("cilium.io", "v2alpha1", "ciliumcidrgroups", "CiliumCIDRGroup", "externalCIDRs")
                : ("crd.projectcalico.org", "v1", "globalnetworksets", "GlobalNetworkSet", "nets")
            try cluster.state.create(crdType, namespace: nil, body: crd(group: group, version: version, plural: plural, kind: kind))
            var spec = OperatorPrometheusTests.guardSpec(cluster, prometheus: ScenarioMetrics.queries(label: "demo", url: url))
            spec["mode"] = .string(mode.rawValue)
            var actions = spec["actions"] ?? [:]
            actions["denyList"] = [
                "enabled": true, "provider": .string(provider), "name": "costguard-deny", "ttl": "10m", "maxEntries": 5,
                "neverDeny": .array(neverDeny.map { .string($0) }),
            ]
            spec["actions"] = actions
            try cluster.createGuard(spec: spec)
            let setType = try #require(cluster.state.resourceType(group: group, version: version, plural: plural))
            try await body(Setup(cluster: cluster, setType: setType, field: field))
        }
    }

    static func set(_ setup: Setup) throws -> JSONValue? {
        try setup.cluster.state.object(setup.setType, namespace: nil, name: "costguard-deny")
    }

    static func nets(_ setup: Setup) throws -> [String] {
        (try set(setup)?.value(atPath: "spec.\(setup.field)")?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// What the replay denies on the demo with a roomy deny list: every prefix the operator may list.
    static func replayDenied(_ path: String) throws -> [IPPrefix] {
        let reader = try ScenarioReader(path: path)
        var header = reader.header
        header.guardSpec.actions.denyList.enabled = true
        header.guardSpec.actions.denyList.ttl = GoDuration(seconds: 600)
        header.guardSpec.actions.denyList.maxEntries = 256
        var replay = Replay(header: header)
        var denied: Set<IPPrefix> = []
        while let frame = try reader.next() { denied.formUnion(replay.step(frame).denied) }
        return denied.sorted()
    }

    @Test(arguments: ["CalicoGlobalNetworkSet", "CiliumCIDRGroup"])
    func theFloodsPrefixesAreDeniedExpireAndGoWithTheGuard(_ provider: String) async throws {
        let loaded = try await OperatorPrometheus.shared()
        let replayDenied = try Self.replayDenied(loaded.fullPath)
        try #require(replayDenied.count >= 2, "the demo flood must give the deny list something to do")
        // One prefix the replay denies is declared never-deny: it must never reach the set.
        let spared = replayDenied[0]
        try await Self.withSetup(provider: provider, mode: .enforce, neverDeny: [spared.description], url: loaded.server.url) { setup in
            let cluster = setup.cluster
            _ = try cluster.begin(with: loaded.frames[0])
            try await cluster.withOperator { handle in
                var everListed: Set<String> = []
                var peak = 0
                var emptiedAt: Double?
                for frame in loaded.frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 3600 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let nets = try Self.nets(setup)
                    everListed.formUnion(nets)
                    peak = max(peak, nets.count)
                    #expect(nets.count <= 5, "\(nets.count) entries at t=\(frame.t), maxEntries is 5")
                    #expect(!nets.contains(spared.description), "the never-deny prefix was listed at t=\(frame.t)")
                    if let set = try Self.set(setup) {
                        #expect(set.value(atPath: "metadata.labels")?["dos-deny-list"] == "true")
                        let records = DenyRecordsReader.records(set)
                        #expect(Set(records.map(\.prefix)) == Set(nets), "records and nets differ at t=\(frame.t)")
                        for record in records {
                            #expect(record.expires > cluster.clock.now(), "an expired entry at t=\(frame.t)")
                            #expect(record.guardName == "demo")
                        }
                    }
                    if peak > 0, nets.isEmpty, emptiedAt == nil { emptiedAt = frame.t }
                    _ = results
                }
                #expect(peak > 0, "nothing was ever denied")
                let listed = Set(everListed.compactMap { IPPrefix($0) })
                #expect(listed.isSubset(of: Set(replayDenied)), "listed \(listed.subtracting(replayDenied)) that the replay never denied")
                // Entries go when their ttl runs out after the flood (10 minutes after their last listing).
                let emptied = try #require(emptiedAt, "the deny list never emptied after the flood")
                #expect(emptied > SimulationSupport.floodOnset + 600)
                #expect(try Self.set(setup) != nil, "the set is kept while the guard uses it")

                try cluster.state.delete(cluster.guardType, namespace: nil, name: cluster.guardName)
                try await SimulationSupport.eventually("the guard to be released") { try cluster.guardObject() == nil }
                #expect(try Self.set(setup) == nil, "the set CostGuard created outlived its guard")
            }
        }
    }

    @Test func dryRunWritesNoDenySet() async throws {
        let loaded = try await OperatorPrometheus.shared()
        try await Self.withSetup(provider: "CalicoGlobalNetworkSet", mode: .dryRun, neverDeny: [], url: loaded.server.url) { setup in
            let cluster = setup.cluster
            _ = try cluster.begin(with: loaded.frames[0])
            var wouldDeny = 0
            try await cluster.withOperator { handle in
                for frame in loaded.frames.dropFirst() where frame.t <= SimulationSupport.floodOnset + 1200 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    wouldDeny = max(wouldDeny, results[0].result.status.deniedCount ?? 0)
                }
            }
            #expect(wouldDeny > 0, "the DryRun status never said what it would deny")
            #expect(try Self.set(setup) == nil)
            let writes = cluster.state.requests.filter { $0.resource == "globalnetworksets" && $0.verb != "list" && $0.verb != "get" }
            #expect(writes.isEmpty, "\(writes)")
        }
    }
}

/// The records CostGuard keeps on a deny set, read as a user would with kubectl.
enum DenyRecordsReader {
    struct Record {
        var prefix: String
        var expires: Date
        var guardName: String
    }

    static func records(_ set: JSONValue) -> [Record] {
        guard let text = set.value(atPath: "metadata.annotations")?["costguard.dev/deny-entries"]?.stringValue,
              let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return array.compactMap { item in
            guard let prefix = item["prefix"] as? String, let expires = item["expires"] as? String,
                  let date = try? Date(expires, strategy: .iso8601), let guardName = item["guard"] as? String else { return nil }
            return Record(prefix: prefix, expires: date, guardName: guardName)
        }
    }
}
