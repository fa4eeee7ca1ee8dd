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
    func periodicity(now t: Double) -> (period: Double, bursts: Int)? {
        guard starts.count >= 3 else { return nil }
        var best: (Double, Int)?
        for first in stride(from: starts.count - 3, through: 0, by: -1) {
            let window = starts[first...]
            let gaps = zip(window.dropFirst(), window).map { $0 - $1 }
            let mean = gaps.reduce(0, +) / Double(gaps.count)
            guard mean > 0, mean <= 7200, gaps.allSatisfy({ abs($0 - mean) <= 0.2 * mean }) else { break }
            best = (mean, window.count)
        }
        guard let (period, bursts) = best, t - starts.last! <= period * 1.5 else { return nil }
        return (period, bursts)
    }
}
