import CostGuardAPI

/// A hash table keyed by IP prefix with open addressing and a cheap multiplicative hash.
/// The source history touches twenty prefixes a frame; the standard Dictionary's seeded SipHash
/// was the largest cost of the whole engine (see the benchmark in README).
struct PrefixTable<Value: Sendable>: Sendable {
    private var keys: [IPPrefix?]
    private var values: [Value?]
    private(set) var count = 0
    /// 64 minus log2 of the slot count: Fibonacci hashing keeps the product's top bits, which
    /// every input bit reaches (the low bits of an IPv4 key are all zero).
    private let shift: UInt64

    init(capacity: Int = 64) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 { size <<= 1; bits += 1 }
        shift = 64 - bits
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
    }

    @inline(__always)
    private func slot(_ key: IPPrefix) -> Int {
        let folded = key.high ^ (key.low &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.length) ^ (UInt64(key.family.rawValue) << 8)
        return Int(truncatingIfNeeded: (folded &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    subscript(key: IPPrefix) -> Value? {
        get {
            var index = slot(key)
            while let stored = keys[index] {
                if stored == key { return values[index] }
                index = (index + 1) & (keys.count - 1)
            }
            return nil
        }
        set {
            guard let newValue else { preconditionFailure("PrefixTable removes entries only by rebuilding") }
            var index = slot(key)
            while let stored = keys[index] {
                if stored == key { values[index] = newValue; return }
                index = (index + 1) & (keys.count - 1)
            }
            keys[index] = key
            values[index] = newValue
            count += 1
            if count * 2 > keys.count { grow() }
        }
    }

    /// Every entry, in no particular order.
    var entries: [(key: IPPrefix, value: Value)] {
        var result: [(key: IPPrefix, value: Value)] = []
        result.reserveCapacity(count)
        for index in keys.indices { if let key = keys[index], let value = values[index] { result.append((key, value)) } }
        return result
    }

    /// A table of only the entries that `keep` accepts.
    func filter(_ keep: (IPPrefix, Value) -> Bool) -> PrefixTable {
        var table = PrefixTable(capacity: count)
        for (key, value) in entries where keep(key, value) { table[key] = value }
        return table
    }

    private mutating func grow() {
        let old = entries
        self = PrefixTable(capacity: keys.count)
        for (key, value) in old { self[key] = value }
    }
}
