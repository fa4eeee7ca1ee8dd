/// The baseline every classifier change is measured against: pause scale-up while the rate is
/// above 3× the median of the last hour's rates, for the guard's hold-down after the last such
/// frame; no deny list, no caps. A pure policy over the same frames, run beside CostGuard.
package struct StaticThresholdGuard: Sendable {
    package let interval: Double
    package let multiple: Double
    package let holdDown: Double
    private var window: [Double] = []
    private var next = 0
    private var sorted: [Double] = []
    private var pausedUntil: Double?

    package init(interval: Double, holdDown: Double, multiple: Double = 3) {
        self.interval = interval
        self.holdDown = holdDown
        self.multiple = multiple
        window.reserveCapacity(Int((3600 / interval).rounded(.up)))
    }

    /// Whether scale-up is paused after the frame at `t` with rate `rps`.
    package mutating func decide(t: Double, rps: Double) -> Bool {
        var high = false
        if !sorted.isEmpty {
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            high = rps > multiple * median
            if high { pausedUntil = t + holdDown }
        }
        if !high, let until = pausedUntil, t >= until { pausedUntil = nil }
        // The hour's rates in arrival order (a ring) and in sorted order, kept in step.
        let capacity = max(1, Int((3600 / interval).rounded()))
        if window.count < capacity {
            window.append(rps)
        } else {
            sorted.remove(at: Self.position(of: window[next], in: sorted))
            window[next] = rps
        }
        sorted.insert(rps, at: Self.position(of: rps, in: sorted))
        next = (next + 1) % capacity
        return pausedUntil != nil
    }

    /// The first index whose value is not below `value` (binary search).
    static func position(of value: Double, in sorted: [Double]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
