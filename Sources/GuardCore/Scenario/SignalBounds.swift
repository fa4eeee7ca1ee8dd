/// How large a signal may plausibly be. A request rate beyond it (the busiest services on earth
/// see millions a second, not a billion per workload) is a broken metric, not traffic: the edges
/// that read rates (scenario files, HPA metrics, Prometheus answers) report it as a bad signal for
/// that guard instead of passing it on, where it would overflow counts and stop every guard.
package enum SignalBounds {
    package static let maxRequestRate = 1e9

    /// Why a rate is not plausible, or nil when it is.
    package static func problem(withRate rate: Double) -> String? {
        if !rate.isFinite { return "\(rate) is not a finite number" }
        if rate < 0 { return "\(rate) is negative" }
        if rate > maxRequestRate { return "\(rate) requests/s is beyond any plausible rate (at most 1e9)" }
        return nil
    }
}
