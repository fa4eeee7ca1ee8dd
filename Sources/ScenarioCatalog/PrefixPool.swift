import CostGuardAPI
import Foundation

/// A set of client prefixes (IPv4 /24 and IPv6 /48) with the share of a traffic part each carries.
/// Only the heavy head is listed; the rest of the part comes from a long tail too thin ever to
/// reach a frame's top sources.
package struct PrefixPool: Sendable, Hashable {
    package var prefixes: [IPPrefix]
    /// Share of the part's traffic per prefix; they sum to at most 1.
    package var weights: [Double]

    package init(prefixes: [IPPrefix], weights: [Double]) {
        precondition(prefixes.count == weights.count, "one weight per prefix")
        self.prefixes = prefixes
        self.weights = weights
    }

    /// `count` prefixes with Zipf-like shares (exponent `skew`), scaled so that they carry `headShare`.
    static func zipf(count: Int, headShare: Double, skew: Double, ipv6Fraction: Double,
                     space: AddressSpace, taken: inout Set<IPPrefix>, random: inout SplitMix64) -> PrefixPool {
        let raw = (1...max(count, 1)).map { pow(Double($0), -skew) }
        let total = raw.reduce(0, +)
        let prefixes = (0..<count).map { _ in space.fresh(ipv6: random.unit() < ipv6Fraction, taken: &taken, random: &random) }
        return PrefixPool(prefixes: prefixes, weights: raw.prefix(count).map { $0 / total * headShare })
    }
}

/// Where a kind of client lives: first octets (IPv4) and first groups (IPv6) that its prefixes
/// are drawn from. Organic users and botnets draw from disjoint spaces, so the ground truth of
/// which prefix is an attacker's is never ambiguous.
struct AddressSpace: Sendable {
    var v4FirstOctets: [UInt64]
    var v6FirstGroups: [UInt64]

    /// Residential and mobile ranges.
    static let residential = AddressSpace(
        v4FirstOctets: [31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 86, 87, 88, 89, 92, 93, 94, 95, 109, 176, 178, 188, 212, 213, 217],
        v6FirstGroups: [0x2a01, 0x2a02, 0x2003, 0x2a00])
    /// Hosting, proxy and compromised-device ranges a botnet rents or infects.
    static let botnet = AddressSpace(
        v4FirstOctets: [5, 23, 45, 103, 104, 138, 139, 154, 159, 167, 185, 193, 194],
        v6FirstGroups: [0x2a0e, 0x2602, 0x2a06])

    func fresh(ipv6: Bool, taken: inout Set<IPPrefix>, random: inout SplitMix64) -> IPPrefix {
        while true {
            let prefix: IPPrefix
            if ipv6 {
                let first = v6FirstGroups[random.int(below: v6FirstGroups.count)]
                let high = first << 48 | UInt64(random.int(below: 0x10000)) << 32 | UInt64(random.int(below: 0x10000)) << 16
                prefix = IPPrefix(family: .v6, high: high, low: 0, length: 48)
            } else {
                let first = v4FirstOctets[random.int(below: v4FirstOctets.count)]
                let address = first << 24 | UInt64(random.int(below: 256)) << 16 | UInt64(random.int(below: 256)) << 8
                prefix = IPPrefix(family: .v4, high: address << 32, low: 0, length: 24)
            }
            if taken.insert(prefix).inserted { return prefix }
        }
    }
}
