/// Whether and when to send a request again. Pure: the outcome and attempt number in,
/// a decision out.
package struct RetryPolicy: Sendable, Hashable {
    package enum Outcome: Sendable, Hashable {
        /// The server answered with this status (and maybe a Retry-After, in seconds).
        case answered(status: Int, retryAfterSeconds: Int?)
        /// No answer: connection refused, reset or timed out.
        case unanswered
    }

    package enum Decision: Sendable, Hashable {
        case retry(after: Duration)
        /// Sleep the backoff for this attempt (the driver draws the jitter).
        case retryWithBackoff(attempt: Int)
        case stop
    }

    /// Attempts in all, the first included.
    package var maxAttempts: Int
    /// The longest Retry-After honoured; a longer one is clipped to this.
    package var maxRetryAfter: Duration

    package init(maxAttempts: Int = 5, maxRetryAfter: Duration = .seconds(60)) {
        self.maxAttempts = maxAttempts
        self.maxRetryAfter = maxRetryAfter
    }

    package static let none = RetryPolicy(maxAttempts: 1)

    package func decide(_ outcome: Outcome, attempt: Int, idempotent: Bool) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        switch outcome {
        case .answered(let status, let retryAfter):
            // A 429 was not processed, so even a create may be sent again.
            if status == 429 || (status == 503 && retryAfter != nil) {
                if let retryAfter {
                    let wait = Duration.seconds(retryAfter)
                    return .retry(after: wait > maxRetryAfter ? maxRetryAfter : wait)
                }
                return .retryWithBackoff(attempt: attempt)
            }
            if status >= 500, idempotent { return .retryWithBackoff(attempt: attempt) }
            return .stop
        case .unanswered:
            return idempotent ? .retryWithBackoff(attempt: attempt) : .stop
        }
    }
}
