import CostGuardAPI
import Demo
import Foundation
@testable import GuardCore
import KubeModel
import KubeSim
@testable import OperatorRuntime
import Testing

/// The deny set's records share the API server's 256 KiB of annotations: CostGuard keeps them
/// within 200 KiB, the highest-rate entries first, and counts the ones left off, instead of
/// writing a patch the API server refuses (which left the whole deny list unwritten).
@Suite struct DenyListSizeBoundTests {
    /// 2,000 IPv6 /128 entries of a guard with a long name: ~160 bytes a record, 320 KB in all.
    static func claim(_ count: Int) -> DenyClaim {
        let guardName = String(repeating: "g", count: 60)
        let entries = (0..<count).map { index in
            DenyRecord(prefix: "2001:db8:\(String(index, radix: 16)):ffff:ffff:ffff:ffff:ffff/128", rps: Double(index) + 0.125,
                       expires: "2026-04-06T09:00:00Z", guardName: guardName)
        }
        return DenyClaim(guardName: guardName, entries: entries, maxEntries: 2_000, neverDeny: [])
    }

    @Test func recordsAreKeptWithinTheAnnotationBoundHighestRateFirst() throws {
        let now = try Date("2026-04-06T08:00:00Z", strategy: .iso8601)
        let claim = Self.claim(2_000)
        let convergence = DenyListConvergence(set: nil, kind: .calicoCRD, name: "costguard-deny", claims: [claim], protected: [], now: now)
        guard case .create(let body) = convergence.action else {
            Issue.record("expected a create, got \(convergence.action)")
            return
        }
        let annotations = body.value(atPath: "metadata.annotations")?.objectValue ?? [:]
        let total = annotations.reduce(0) { $0 + $1.key.utf8.count + ($1.value.stringValue?.utf8.count ?? 0) }
        #expect(total <= 256 * 1024, "annotations \(total) bytes")
        let records = annotations[DenyRecord.annotation]?.stringValue ?? ""
        #expect(records.utf8.count <= DenyListConvergence.recordBytes)
        #expect(convergence.refused > 0 && convergence.refused + convergence.entries.count == 2_000,
                "refused \(convergence.refused), kept \(convergence.entries.count)")
        // The ones left off are the lowest rates.
        let lowestKept = convergence.entries.map(\.rps).min() ?? 0
        #expect(lowestKept == Double(convergence.refused) + 0.125)
        #expect((body.value(atPath: "spec.nets")?.arrayValue ?? []).count == convergence.entries.count)
    }

    @Test func aSmallListIsWholeAndRefusesNothing() throws {
        let now = try Date("2026-04-06T08:00:00Z", strategy: .iso8601)
        let convergence = DenyListConvergence(set: nil, kind: .calicoCRD, name: "costguard-deny", claims: [Self.claim(300)],
                                              protected: [], now: now)
        #expect(convergence.refused == 0 && convergence.entries.count == 300)
    }

    /// KubeSim refuses what the API server refuses: a custom resource whose annotations pass
    /// 262,144 bytes together, as a deny set with too many records would.
    @Test func kubeSimRefusesACustomResourcePastTheAnnotationTotal() async throws {
        let (header, _) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.installCalicoNetworkSets()
            let setType = try #require(cluster.state.resourceType(group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets"))
            let key = "costguard.dev/deny-entries"
            func body(_ name: String, valueBytes: Int) -> JSONValue {
                ["apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkSet",
                 "metadata": ["name": .string(name), "annotations": [key: .string(String(repeating: "x", count: valueBytes))]],
                 "spec": ["nets": []]]
            }
            try cluster.state.create(setType, namespace: nil, body: body("at-limit", valueBytes: 262_144 - key.utf8.count))
            #expect(throws: (any Error).self) {
                try cluster.state.create(setType, namespace: nil, body: body("over", valueBytes: 262_145 - key.utf8.count))
            }
        }
    }
}

/// The operator's deny set and the replay's merge of several guards' plans keep the same
/// entries, with the same rates and expiries (one rule, `DenyListRules.join`).
@Suite struct DenyListJoinAgreementTests {
    @Test func theDenySetHoldsWhatTheReplaysMergeHolds() throws {
        let now = Date(timeIntervalSince1970: 1_775_000_000)
        let plans: [(String, [(String, Double, Double)])] = [
            // Both list 198.51.100.0/24: a at the higher rate, b until later.
            ("a", [("203.0.113.0/24", 40, 600), ("198.51.100.0/24", 30, 300)]),
            ("b", [("198.51.100.0/24", 10, 900), ("192.0.2.0/24", 5, 120)]),
        ]
        let merged = ClaimMerge.merge(plans.map { name, entries in
            ClaimMerge.Claim(guardName: name, plan: Plan(
                t: 0, verdict: Verdict(class: .surge, score: 1, reasons: [], rateOnly: false), pauseReason: nil, surgePauseUntil: nil,
                ceilings: [], denyList: entries.map { DenyEntry(prefix: IPPrefix($0.0)!, rps: $0.1, listedAt: 0, expiresAt: $0.2) },
                rateLimitTightened: false, changes: []))
        }, namespace: "shop", name: "web")
        let claims = plans.map { name, entries in
            DenyClaim(guardName: name, entries: entries.map {
                DenyRecord(prefix: $0.0, rps: $0.1, expires: HPAAnnotations.text(now.addingTimeInterval($0.2)), guardName: name)
            }, maxEntries: 100, neverDeny: [])
        }
        let convergence = DenyListConvergence(set: nil, kind: .calicoCRD, name: "costguard-deny", claims: claims, protected: [], now: now)
        let inSet = Dictionary(uniqueKeysWithValues: convergence.entries.map { ($0.prefix, ($0.rps, $0.expiry)) })
        #expect(inSet.count == merged.denyList.count)
        for entry in merged.denyList {
            let held = try #require(inSet[entry.prefix.description], "\(entry.prefix) not in the set")
            #expect(held.0 == entry.rps, "\(entry.prefix)")
            #expect(held.1 == now.addingTimeInterval(entry.expiresAt), "\(entry.prefix)")
        }
    }
}
