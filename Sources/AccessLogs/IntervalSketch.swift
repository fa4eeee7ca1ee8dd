/// Everything one interval's frame is made from, as a value that merges: two receivers that each
/// saw part of an interval's requests merge into what one receiver seeing all of them holds
/// (exactly for the counts; within each sketch's bound for sources).
package struct IntervalSketch: Sendable, Hashable {
    package var requests = 0
    /// Answered 400–499 except 429 (the guard's own rate limit).
    package var clientErrors = 0
    /// Matched a conversion rule and answered 2xx.
    package var conversions = 0
    package var routes: [String: Int] = [:]
    package var sources = CardinalitySketch()
    package var prefixes: HeavyHitters
    package var addresses: AddressTally

    package init(prefixCapacity: Int = 8192, addressCapacity: Int = 1 << 20) {
        prefixes = HeavyHitters(capacity: prefixCapacity)
        addresses = AddressTally(capacity: addressCapacity)
    }

    /// Counts one request's status and source; the route is counted by the caller (see `IntervalBuilder`).
    @inline(__always) package mutating func add(address: ClientAddress, status: Int, converted: Bool) {
        requests += 1
        if status >= 400, status < 500, status != 429 { clientErrors += 1 }
        if converted { conversions += 1 }
        let hash = address.sourceHash
        sources.insert(hash: hash)
        addresses.insert(hash)
        prefixes.insert(address.prefixKey)
    }

    package mutating func merge(_ other: IntervalSketch) {
        requests += other.requests
        clientErrors += other.clientErrors
        conversions += other.conversions
        for (route, count) in other.routes { routes[route, default: 0] += count }
        sources.merge(other.sources)
        prefixes.merge(other.prefixes)
        addresses.merge(other.addresses)
    }
}

/// An open interval while lines arrive: the sketch, with routes counted by interned id (no string
/// per line) until it closes.
struct IntervalBuilder {
    var sketch: IntervalSketch
    var routeCounts: [Int] = []

    init(sketch: IntervalSketch) {
        self.sketch = sketch
    }

    @inline(__always) mutating func countRoute(_ id: Int) {
        if id >= routeCounts.count { routeCounts.append(contentsOf: repeatElement(0, count: id + 1 - routeCounts.count)) }
        routeCounts[id] += 1
    }

    /// The finished sketch, with the routes named.
    func finish(names: RouteTable) -> IntervalSketch {
        var sketch = sketch
        for (id, count) in routeCounts.enumerated() where count > 0 { sketch.routes[names.name(id), default: 0] += count }
        return sketch
    }
}
