import Foundation

/// How strongly an episode or attack is present at time t, from 0 (absent) to 1 (full strength).
package enum Shape: Sendable, Hashable {
    /// Rises smoothly over `rise` seconds from `onset`, holds, and falls over `fall` seconds from `end`.
    case plateau(onset: Double, rise: Double, end: Double, fall: Double)
    /// A fast rise over `rise` seconds, then an exponential decay with time constant `decay`.
    case flash(onset: Double, rise: Double, decay: Double)
    /// `cycles` bursts, each `on` seconds long, one every `period` seconds, switched on and off at once.
    case bursts(onset: Double, on: Double, period: Double, cycles: Int)
    /// Climbs linearly from 0 at `onset` to 1 over `duration` seconds, then holds until `end`.
    case ramp(onset: Double, duration: Double, end: Double)

    package var onset: Double {
        switch self {
        case .plateau(let onset, _, _, _), .flash(let onset, _, _), .bursts(let onset, _, _, _),
             .ramp(let onset, _, _): onset
        }
    }

    /// When the shape has (nearly) faded out: the truth's `end`.
    package var end: Double {
        switch self {
        case .plateau(_, _, let end, let fall): end + fall
        case .flash(let onset, let rise, let decay): onset + rise + 4 * decay
        case .bursts(let onset, _, let period, let cycles): onset + period * Double(cycles)
        case .ramp(_, _, let end): end
        }
    }

    package func value(at t: Double) -> Double {
        switch self {
        case .plateau(let onset, let rise, let end, let fall):
            guard t >= onset else { return 0 }
            if t >= end { return fall > 0 ? max(0, 1 - Self.smooth((t - end) / fall)) : 0 }
            return rise > 0 ? Self.smooth((t - onset) / rise) : 1
        case .flash(let onset, let rise, let decay):
            guard t >= onset else { return 0 }
            if t < onset + rise { return Self.smooth((t - onset) / rise) }
            return exp(-(t - onset - rise) / decay)
        case .bursts(let onset, let on, let period, let cycles):
            guard t >= onset, t < onset + period * Double(cycles) else { return 0 }
            return (t - onset).truncatingRemainder(dividingBy: period) < on ? 1 : 0
        case .ramp(let onset, let duration, let end):
            guard t >= onset, t < end else { return 0 }
            return min(1, (t - onset) / duration)
        }
    }

    /// Smoothstep on [0, 1].
    static func smooth(_ x: Double) -> Double {
        let clamped = min(1, max(0, x))
        return clamped * clamped * (3 - 2 * clamped)
    }
}
