import GuardCore

/// Which of a frame's signals a guard has: all of them, what an ingress controller's own counters
/// give (rate, client errors, routes), or the rate alone (HPA metrics, the default without Prometheus).
package enum SignalSet: String, Sendable, CaseIterable {
    case full
    case rpsErrorsRoutes = "rps-errors-routes"
    case rps

    /// The frame as a guard with only these signals would see it.
    package func apply(_ frame: SignalFrame) -> SignalFrame {
        switch self {
        case .full: return frame
        case .rpsErrorsRoutes:
            return SignalFrame(t: frame.t, rps: frame.rps, clientErrorRatio: frame.clientErrorRatio, routes: frame.routes)
        case .rps: return SignalFrame(t: frame.t, rps: frame.rps)
        }
    }
}
