/// Remembers when rate episodes began, to recognise bursts that repeat on a timer (Yo-Yo attacks
/// are tuned to the autoscaler's scale-down delay, so their period is regular).
struct BurstTracker: Sendable, Hashable {
    private(set) var starts: [Double] = []
    private let keep = 8

    mutating func episodeStarted(at t: Double) {
        starts.append(t)
        if starts.count > keep { starts.removeFirst(starts.count - keep) }
    }

    /// The period and burst count when the last three or more starts are evenly spaced
    /// (every gap within 20% of their mean) and the period is under two hours.
    /// Called on every frame of an episode, so it allocates nothing.
    func periodicity(now t: Double) -> (period: Double, bursts: Int)? {
        guard starts.count >= 3, let last = starts.last else { return nil }
        var best: (Double, Int)?
        for first in stride(from: starts.count - 3, through: 0, by: -1) {
            let gapCount = starts.count - 1 - first
            let mean = (last - starts[first]) / Double(gapCount)
            guard mean > 0, mean <= 7200 else { break }
            var even = true
            for index in first..<(starts.count - 1) where abs(starts[index + 1] - starts[index] - mean) > 0.2 * mean {
                even = false
                break
            }
            guard even else { break }
            best = (mean, gapCount + 1)
        }
        guard let (period, bursts) = best, t - last <= period * 1.5 else { return nil }
        return (period, bursts)
    }
}
