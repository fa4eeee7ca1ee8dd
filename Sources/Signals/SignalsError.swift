/// Why a query gave no usable answer: a code to act on, a message that names the query, and the
/// underlying cause. Messages never carry credentials: requests are described by path and query only.
package struct SignalsError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The endpoint could not be reached (refused, DNS, TLS handshake).
        case unreachable
        /// No answer within the configured timeout.
        case timeout
        /// A non-2xx HTTP status without a Prometheus error body.
        case httpStatus
        /// The body was not the Prometheus JSON envelope (an HTML login page, a proxy's error page).
        case notJSON
        /// Prometheus answered `"status": "error"`; the message carries its errorType and error.
        case apiError
        /// The result had the wrong shape or value for its frame field (NaN, empty, several series, a bad label).
        case badResult
        /// The token, password or CA file could not be read.
        case credentials
        /// The endpoint configuration is unusable (not an http(s) URL).
        case configuration
    }

    package var code: Code
    package var message: String
    package var cause: (any Error & Sendable)?

    package init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var description: String {
        guard let cause else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue): \(message) (cause: \(String(describing: cause)))"
    }
}
