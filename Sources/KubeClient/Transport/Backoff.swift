/// Exponential backoff with full jitter, capped. Pure: the caller supplies the random draw.
package struct Backoff: Sendable, Hashable {
    package var base: Duration
    package var cap: Duration

    package init(base: Duration = .milliseconds(200), cap: Duration = .seconds(30)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `attempt` (1-based); `unit` is a draw from [0, 1).
    /// Half the wait is fixed and half random, so waits grow but retries do not line up.
    package func delay(attempt: Int, unit: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let raw = base * (1 << exponent)
        let capped = raw > cap ? cap : raw
        return capped / 2 + (capped / 2) * unit
    }
}
