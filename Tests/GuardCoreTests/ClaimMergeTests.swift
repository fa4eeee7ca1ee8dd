import CostGuardAPI
@testable import GuardCore
import Testing

/// Several guards on one workload: the most restrictive claim wins, whoever asks.
@Suite struct ClaimMergeTests {
    static func plan(pause: PauseReason? = nil, ceiling: Int? = nil, on name: String = "web", deny: [(String, Double)] = []) -> Plan {
        Plan(t: 0, verdict: Verdict(class: .steady, score: 0, reasons: [], rateOnly: false), pauseReason: pause, surgePauseUntil: nil,
             ceilings: ceiling.map { [ReplicaCeiling(namespace: "shop", name: name, maxReplicas: $0, cap: .nodeCap)] } ?? [],
             denyList: deny.map { DenyEntry(prefix: IPPrefix($0.0)!, rps: 10, listedAt: 0, expiresAt: $0.1) },
             rateLimitTightened: false, changes: [])
    }

    @Test(arguments: [
        // (ceilings by guard a, b, c; the ceiling in force; its holder)
        ([40, 25, 60], 25, "b"),
        ([nil, 30, nil], 30, "b"),
        ([20, 20, 50], 20, "a"),  // a tie goes to the name first in order
        ([nil, nil, nil], nil, nil),
    ] as [([Int?], Int?, String?)])
    func theLowestCeilingHolds(_ ceilings: [Int?], _ expected: Int?, _ holder: String?) {
        let claims = zip(["c", "a", "b"], [ceilings[2], ceilings[0], ceilings[1]]).map { name, ceiling in
            ClaimMerge.Claim(guardName: name, plan: Self.plan(ceiling: ceiling))
        }
        let merged = ClaimMerge.merge(claims, namespace: "shop", name: "web")
        #expect(merged.ceiling?.maxReplicas == expected)
        #expect(merged.ceilingBy == holder)
    }

    @Test func aCeilingOnAnotherWorkloadDoesNotHoldThisOne() {
        let merged = ClaimMerge.merge([ClaimMerge.Claim(guardName: "a", plan: Self.plan(ceiling: 5, on: "api"))], namespace: "shop", name: "web")
        #expect(merged.ceiling == nil)
    }

    @Test func anyPausePausesAndEveryPauseIsNamed() {
        let merged = ClaimMerge.merge([
            ClaimMerge.Claim(guardName: "b", plan: Self.plan(pause: .surge)),
            ClaimMerge.Claim(guardName: "c", plan: Self.plan()),
            ClaimMerge.Claim(guardName: "a", plan: Self.plan(pause: .nodeCap, ceiling: 12)),
        ], namespace: "shop", name: "web")
        #expect(merged.paused)
        #expect(merged.pauses.map(\.guardName) == ["a", "b"])
        #expect(merged.pauses.map(\.reason) == [.nodeCap, .surge])
        #expect(!ClaimMerge.merge([ClaimMerge.Claim(guardName: "a", plan: Self.plan())], namespace: "shop", name: "web").paused)
    }

    @Test func theDenyListIsEveryGuardsEntriesEachPrefixOnceWithTheLatestExpiry() {
        let merged = ClaimMerge.merge([
            ClaimMerge.Claim(guardName: "a", plan: Self.plan(deny: [("203.0.113.0/24", 100), ("198.51.100.0/24", 50)])),
            ClaimMerge.Claim(guardName: "b", plan: Self.plan(deny: [("198.51.100.0/24", 90), ("192.0.2.0/24", 70)])),
        ], namespace: "shop", name: "web")
        #expect(merged.denyList.map(\.prefix.description) == ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"])
        #expect(merged.denyList.map(\.expiresAt) == [100, 90, 70])
    }

    @Test func theLowestIsChosenTheSameWayForAnyHolder() {
        typealias Held = (holder: String, maxReplicas: Int)
        func lowest(_ items: [Held]) -> Held? { ClaimMerge.lowest(items) { $0 } }
        #expect(lowest([(holder: "z", maxReplicas: 3), (holder: "y", maxReplicas: 3)])?.holder == "y")
        #expect(lowest([(holder: "z", maxReplicas: 2), (holder: "y", maxReplicas: 3)])?.holder == "z")
        let none: [Held] = []
        #expect(lowest(none) == nil)
    }
}
