import KubeModel

/// An error from the API or from getting to it. It carries the server's `Status`
/// when there was one. Request headers (and so tokens) are never part of it.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The server answered with an error status; see `httpStatus` and `status`.
        case api
        /// The request never got an answer: connection refused or reset, TLS failure, timeout.
        case transport
        /// The answer could not be decoded.
        case decoding
        /// Kubeconfig, in-cluster files or credential plugins are missing or wrong.
        case configuration
        /// The credential plugin failed.
        case credentials
    }

    public var code: Code
    public var message: String
    public var httpStatus: Int?
    public var status: Status?
    public var cause: (any Error & Sendable)?

    public init(code: Code, message: String, httpStatus: Int? = nil, status: Status? = nil,
                cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
        self.cause = cause
    }

    /// The HTTP code, from the response or from the Status (a watch ERROR event has only the latter).
    public var statusCode: Int? { httpStatus ?? status?.code }
    public var reason: String? { status?.reason }

    public var isNotFound: Bool { statusCode == 404 || reason == "NotFound" }
    public var isConflict: Bool { statusCode == 409 || reason == "Conflict" || reason == "AlreadyExists" }
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }
    public var isGone: Bool { statusCode == 410 || reason == "Gone" || reason == "Expired" }
    public var isForbidden: Bool { statusCode == 403 || reason == "Forbidden" }
    public var isUnauthorized: Bool { statusCode == 401 || reason == "Unauthorized" }
    public var isInvalid: Bool { statusCode == 422 || reason == "Invalid" }
    public var isTooManyRequests: Bool { statusCode == 429 || reason == "TooManyRequests" }
    public var isServerError: Bool { (statusCode ?? 0) >= 500 }

    public var description: String {
        var text = "Kubernetes \(code.rawValue) error"
        if let statusCode { text += " (\(statusCode)\(reason.map { " \($0)" } ?? ""))" }
        text += ": \(message)"
        if let causes = status?.details?.causes, !causes.isEmpty {
            text += " [" + causes.map { "\($0.field ?? ""): \($0.message ?? "")" }.joined(separator: "; ") + "]"
        }
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
