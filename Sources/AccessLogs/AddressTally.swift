/// Requests per source in one interval, for `newRatio`: the question "was this source seen before
/// the interval" is asked once per source when the interval closes, so that the answer does not
/// depend on the order of the lines. Memory is bounded: past `capacity` sources it keeps a
/// hash-chosen sample (distinct sampling, Gibbons 2001): each time it fills, only sources whose
/// hash has one more leading zero bit stay, so the kept sources are a uniform sample of all and
/// their requests estimate the ratio.
package struct AddressTally: Sendable, Hashable {
    package let capacity: Int
    /// Sources kept have `level` leading zero bits in their hash.
    package private(set) var level = 0
    package private(set) var counts: [UInt64: Int] = [:]

    package init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 16)
    }

    /// A tally as a receiver's report gives it; nil when it could not have been kept so.
    package init?(capacity: Int, level: Int, counts: [UInt64: Int]) {
        guard capacity >= 16, (0...64).contains(level), counts.count <= capacity,
              counts.keys.allSatisfy({ $0.leadingZeroBitCount >= level }) else { return nil }
        self.capacity = capacity
        self.level = level
        self.counts = counts
    }

    @inline(__always) package mutating func insert(_ hash: UInt64, count: Int = 1) {
        guard hash.leadingZeroBitCount >= level else { return }
        counts[hash, default: 0] += count
        if counts.count > capacity { raiseLevel() }
    }

    private mutating func raiseLevel() {
        while counts.count > capacity {
            level += 1
            counts = counts.filter { $0.key.leadingZeroBitCount >= level }
        }
    }

    package mutating func merge(_ other: AddressTally) {
        let target = max(level, other.level)
        if target > level {
            level = target
            counts = counts.filter { $0.key.leadingZeroBitCount >= target }
        }
        for (hash, count) in other.counts where hash.leadingZeroBitCount >= level { counts[hash, default: 0] += count }
        if counts.count > capacity { raiseLevel() }
    }

    /// Share of the (sampled) requests whose source `seen` does not know.
    package func newShare(_ seen: (UInt64) -> Bool) -> Double? {
        var all = 0, new = 0
        for (hash, count) in counts {
            all += count
            if !seen(hash) { new += count }
        }
        return all == 0 ? nil : Double(new) / Double(all)
    }
}
