/// Why a query gave no usable answer: a code to act on, a message that names the query, and the
/// underlying cause. Messages never carry credentials: requests are described by path and query only.
public struct SignalsError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
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

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue): \(message) (cause: \(String(describing: cause)))"
    }
}
