import CostGuardAPI

/// A hash table keyed by IP prefix with open addressing and a cheap multiplicative hash.
/// The source history touches twenty prefixes a frame; the standard Dictionary's seeded SipHash
/// was the largest cost of the whole engine (see the benchmark in README).
struct PrefixTable<Value: Sendable>: Sendable {
    private var keys: [IPPrefix?]
    private var values: [Value?]
    private(set) var count = 0

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
    }

    @inline(__always)
    private func slot(_ key: IPPrefix) -> Int {
        var mixed = key.high &* 0x9E37_79B9_7F4A_7C15
        mixed ^= (key.low &+ UInt64(key.length)) &* 0xC2B2_AE3D_27D4_EB4F
        mixed ^= mixed >> 29
        return Int(truncatingIfNeeded: mixed) & (keys.count - 1)
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
