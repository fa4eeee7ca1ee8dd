import CostGuardAPI
@testable import GuardCore
import Testing

/// The deny-list planner on its own: what it lists during a surge, what it never lists, how long
/// an entry lasts and which go first when the list is full.
@Suite struct DenyListPlannerTests {
    static func prefix(_ text: String) -> IPPrefix { IPPrefix(text)! }

    static func policy(_ extra: String = "") throws -> Policy {
        let spec = try CostGuardSpec.parse(manifest: #"{"actions": {"denyList": {"enabled": true, "ttl": "10m", "maxEntries": 3\#(extra)}}}"#)
        return Policy(spec: spec, interval: 15)
    }

    /// A history whose heaviest clean prefix usually sends 10 rps; `known` were among the heaviest.
    static func history(known: [(String, Double)] = []) -> SourceHistory {
        var history = SourceHistory()
        for round in 0..<40 {
            let sources = [SourceRate(prefix: prefix("198.51.100.0/24"), rps: 10)] + known.map { SourceRate(prefix: prefix($0.0), rps: $0.1) }
            history.learn(sources, at: Double(round) * 60, alpha: 0.2)
        }
        return history
    }

    static func frame(_ sources: [(String, Double)], t: Double = 3000) -> SignalFrame {
        var frame = SignalFrame(t: t, rps: sources.reduce(0) { $0 + $1.1 } + 500)
        frame.topSources = sources.map { SourceRate(prefix: prefix($0.0), rps: $0.1) }
        return frame
    }

    static func plan(_ frame: SignalFrame, current: [DenyEntry] = [], surge: Bool = true, outcome: Double = 0.6, holding: Bool = true,
                     history: SourceHistory = history(), policy: Policy, protected: [IPPrefix] = []) -> [DenyEntry] {
        DenyListPlanner.plan(current: current, frame: frame, surge: surge, outcome: outcome, holding: holding, t: frame.t,
                             history: history, policy: policy, protected: protected)
    }

    @Test func aSurgesHeavyPrefixesAreListedAndOthersAreNot() throws {
        let policy = try Self.policy()
        let listed = Self.plan(Self.frame([("203.0.113.0/24", 80), ("192.0.2.0/24", 39), ("198.51.100.0/24", 12)]), policy: policy)
        // 4 x the usual top rate (10) is the bar: 80 is over it, 39 is not.
        #expect(listed.map(\.prefix) == [Self.prefix("203.0.113.0/24")])
        #expect(listed.first?.expiresAt == Double(3000 + 600))
        // Not without a surge, nor when the outcomes do not say attack (a busy office converts).
        #expect(Self.plan(Self.frame([("203.0.113.0/24", 80)]), surge: false, policy: policy).isEmpty)
        #expect(Self.plan(Self.frame([("203.0.113.0/24", 80)]), outcome: 0.2, policy: policy).isEmpty)
    }

    @Test func protectedRangesNeverDenyAndKnownAudiencesOnlyFarPastTheirOwnRate() throws {
        let policy = try Self.policy(#", "neverDeny": ["203.0.113.0/25"]"#)
        let frame = Self.frame([("203.0.113.0/24", 90), ("10.0.5.0/24", 90), ("100.64.1.0/24", 150), ("100.64.2.0/24", 250)])
        let history = Self.history(known: [("100.64.1.0/24", 30), ("100.64.2.0/24", 30)])
        let listed = Self.plan(frame, history: history, policy: policy, protected: [Self.prefix("10.0.0.0/16")])
        // neverDeny overlaps the first, the cluster's own range holds the second; the carrier NAT at
        // 5x its own 30 rps stays; the one at over 6x its own rate is listed.
        #expect(listed.map(\.prefix) == [Self.prefix("100.64.2.0/24")])
    }

    @Test func entriesLapseAfterTheTTLUnlessTheyKeepSendingDuringThePause() throws {
        let policy = try Self.policy()
        let first = Self.plan(Self.frame([("203.0.113.0/24", 80)], t: 3000), policy: policy)
        // Still sending at half the bar during the pause: renewed.
        let renewed = Self.plan(Self.frame([("203.0.113.0/24", 25)], t: 3500), current: first, surge: false, policy: policy)
        #expect(renewed.first?.expiresAt == Double(3500 + 600))
        // Gone quiet and the pause over: it lapses at its expiry, not before.
        let quiet = Self.frame([("198.51.100.0/24", 10)], t: 4000)
        #expect(Self.plan(quiet, current: renewed, surge: false, holding: false, policy: policy).count == 1)
        let later = Self.frame([("198.51.100.0/24", 10)], t: 4101)
        #expect(Self.plan(later, current: renewed, surge: false, holding: false, policy: policy).isEmpty)
    }

    @Test func aFullListEvictsTheLowestRateFirst() throws {
        let policy = try Self.policy()
        let listed = Self.plan(Self.frame([("203.0.113.0/24", 300), ("192.0.2.0/24", 60), ("198.18.0.0/24", 200),
                                           ("198.18.1.0/24", 100)]), policy: policy)
        #expect(listed.count == 3)
        #expect(!listed.contains { $0.prefix == Self.prefix("192.0.2.0/24") }, "the 60 rps entry goes first")
        #expect(listed.map(\.prefix) == listed.map(\.prefix).sorted(), "kept in prefix order")
    }

    @Test func aDisabledListPlansNothing() throws {
        let policy = Policy(spec: try CostGuardSpec.parse(manifest: "{}"), interval: 15)
        #expect(Self.plan(Self.frame([("203.0.113.0/24", 800)]), policy: policy).isEmpty)
    }
}
