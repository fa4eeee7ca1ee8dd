import CostGuardAPI
@testable import GuardCore
import Testing

/// Several lists joined into one, as several guards' claims on one deny set are: each prefix
/// once, in the order first seen, the latest expiry (a tie keeps the first), the highest rate.
@Suite struct DenyListJoinTests {
    static func entry(_ prefix: String, rps: Double, expires: Double) -> DenyEntry {
        DenyEntry(prefix: IPPrefix(prefix)!, rps: rps, listedAt: 0, expiresAt: expires)
    }

    static func join(_ entries: [DenyEntry]) -> [DenyEntry] {
        DenyListRules.join(entries, prefix: \.prefix, expiry: \.expiresAt, rps: \.rps, settingRate: { $0.rps = $1 })
    }

    @Test(arguments: [
        // (entries as prefix, rps, expiry; the joined list as prefix, rps, expiry)
        ([("192.0.2.0/24", 5.0, 100.0)], [("192.0.2.0/24", 5.0, 100.0)]),
        // a later expiry wins, and keeps the higher rate of the two
        ([("192.0.2.0/24", 30, 100), ("192.0.2.0/24", 5, 200)], [("192.0.2.0/24", 30, 200)]),
        // an earlier expiry loses, its higher rate still kept
        ([("192.0.2.0/24", 5, 200), ("192.0.2.0/24", 30, 100)], [("192.0.2.0/24", 30, 200)]),
        // a tie keeps the first
        ([("192.0.2.0/24", 5, 100), ("192.0.2.0/24", 1, 100)], [("192.0.2.0/24", 5, 100)]),
        // the order is first appearance, each prefix once
        ([("203.0.113.0/24", 1, 10), ("198.51.100.0/24", 2, 20), ("203.0.113.0/24", 3, 5), ("192.0.2.0/24", 4, 40)],
         [("203.0.113.0/24", 3, 10), ("198.51.100.0/24", 2, 20), ("192.0.2.0/24", 4, 40)]),
        // a prefix inside another is its own entry
        ([("192.0.2.0/24", 1, 10), ("192.0.2.0/25", 2, 20)], [("192.0.2.0/24", 1, 10), ("192.0.2.0/25", 2, 20)]),
        ([], []),
    ] as [([(String, Double, Double)], [(String, Double, Double)])])
    func eachPrefixOnceWithTheLatestExpiryAndTheHighestRate(_ input: [(String, Double, Double)],
                                                           _ expected: [(String, Double, Double)]) {
        let joined = Self.join(input.map { Self.entry($0.0, rps: $0.1, expires: $0.2) })
        #expect(joined == expected.map { Self.entry($0.0, rps: $0.1, expires: $0.2) })
    }
}
