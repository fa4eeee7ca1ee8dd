import Foundation

/// An exponentially weighted mean with a time constant, bias-corrected so early values are not
/// pulled toward zero.
struct DecayingMean: Sendable, Hashable {
    private(set) var value = 0.0
    private var weight = 0.0
    /// How many samples stand behind the mean.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func add(_ sample: Double, alpha: Double) {
        count += 1
        weight = weight * (1 - alpha) + alpha
        value += (sample - value) * (alpha / weight)
    }
}

/// 0 below `low`, 1 above `high`, smooth between: turns a signal's excess into evidence.
@inline(__always)
func ramp(_ value: Double, _ low: Double, _ high: Double) -> Double {
    guard value > low else { return 0 }
    guard value < high else { return 1 }
    let x = (value - low) / (high - low)
    return x * x * (3 - 2 * x)
}

/// The per-frame smoothing factor for a time constant of `tau` seconds.
@inline(__always)
func alpha(interval: Double, tau: Double) -> Double { 1 - exp(-interval / tau) }
