/// The heaviest prefixes of an interval (Space-Saving, Metwally et al. 2005, with the mergeable
/// summaries' merge of Agarwal et al. 2012). With `capacity` counters each count is at most
/// N / capacity above the truth (N: requests counted) and never below it, so at the default 8192 a
/// prefix with 1% of the requests is off by at most 1.2% of its count, and every prefix above
/// N / capacity is held. Until the counters fill up every count is exact.
package struct HeavyHitters: Sendable, Hashable {
    package struct Counter: Sendable, Hashable {
        package var key: PrefixKey
        package var count: Int
        /// How much of `count` may belong to keys this counter replaced.
        package var error: Int
    }

    package let capacity: Int
    /// Min-heap by count, so the counter to replace is at the root.
    private var heap: [Counter] = []
    private var slots: [PrefixKey: Int] = [:]
    package private(set) var total = 0

    package init(capacity: Int = 8192) {
        self.capacity = max(capacity, 1)
        heap.reserveCapacity(min(self.capacity, 1024))
    }

    package var counters: [Counter] { heap }

    /// A summary as `counters` and `total` describe it (a receiver's report read back); nil when
    /// there are more counters than `capacity`, or two for one key.
    package init?(capacity: Int, total: Int, counters: [Counter]) {
        guard capacity >= 1, counters.count <= capacity, total >= 0 else { return nil }
        self.init(capacity: capacity)
        self.total = total
        for counter in counters {
            guard slots[counter.key] == nil else { return nil }
            heap.append(counter)
            slots[counter.key] = heap.count - 1
            siftUp(heap.count - 1)
        }
    }

    @inline(__always) package mutating func insert(_ key: PrefixKey, count: Int = 1) {
        total += count
        if let slot = slots[key] {
            heap[slot].count += count
            siftDown(slot)
        } else if heap.count < capacity {
            heap.append(Counter(key: key, count: count, error: 0))
            slots[key] = heap.count - 1
            siftUp(heap.count - 1)
        } else {
            let evicted = heap[0]
            slots[evicted.key] = nil
            heap[0] = Counter(key: key, count: evicted.count + count, error: evicted.count)
            slots[key] = 0
            siftDown(0)
        }
    }

    /// Adds `other`'s counts. A key one side lacks gets that side's smallest count as its possible
    /// error (when that side was full), then the `capacity` largest are kept: the error bound stays
    /// (N₁ + N₂) / capacity.
    package mutating func merge(_ other: HeavyHitters) {
        let myFloor = heap.count >= capacity ? (heap.first?.count ?? 0) : 0
        let otherFloor = other.heap.count >= other.capacity ? (other.heap.first?.count ?? 0) : 0
        var combined: [PrefixKey: Counter] = [:]
        for counter in heap {
            combined[counter.key] = Counter(key: counter.key, count: counter.count + otherFloor, error: counter.error + otherFloor)
        }
        for counter in other.heap {
            if let mine = combined[counter.key] {
                combined[counter.key] = Counter(key: counter.key, count: mine.count - otherFloor + counter.count,
                                                error: mine.error - otherFloor + counter.error)
            } else {
                combined[counter.key] = Counter(key: counter.key, count: counter.count + myFloor, error: counter.error + myFloor)
            }
        }
        let kept = combined.values.sorted { ($0.count, $1.key) > ($1.count, $0.key) }.prefix(capacity)
        let newTotal = total + other.total
        self = HeavyHitters(capacity: capacity)
        total = newTotal
        for counter in kept {
            heap.append(counter)
            slots[counter.key] = heap.count - 1
            siftUp(heap.count - 1)
        }
    }

    /// The `limit` heaviest, heaviest first, ties by prefix so the order never depends on input order.
    package func top(_ limit: Int) -> [Counter] {
        Array(heap.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }.prefix(limit))
    }

    @inline(__always) private mutating func siftDown(_ start: Int) {
        var index = start
        let count = heap.count
        while true {
            let left = 2 * index + 1
            guard left < count else { return }
            var smallest = left
            if left + 1 < count, heap[left + 1].count < heap[left].count { smallest = left + 1 }
            guard heap[smallest].count < heap[index].count else { return }
            heap.swapAt(index, smallest)
            slots[heap[index].key] = index
            slots[heap[smallest].key] = smallest
            index = smallest
        }
    }

    private mutating func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard heap[index].count < heap[parent].count else { return }
            heap.swapAt(index, parent)
            slots[heap[index].key] = index
            slots[heap[parent].key] = parent
            index = parent
        }
    }
}
