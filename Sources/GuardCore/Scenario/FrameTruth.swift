/// A frame's ground truth, for scoring only: how much of the offered rate was real users, and
/// which of the frame's listed sources were an attacker's. It travels beside a `SignalFrame`,
/// never inside one, so the decision engine (whose input is `SignalFrame`) cannot read it.
package struct FrameTruth: Sendable, Hashable {
    /// Requests per second from real users (the rest of `rps` is attack traffic).
    package var legitRps: Double
    /// Indices into the frame's `sources.top` of the prefixes that sent attack traffic.
    package var attackTop: [Int]

    package init(legitRps: Double, attackTop: [Int] = []) {
        self.legitRps = legitRps
        self.attackTop = attackTop
    }
}
