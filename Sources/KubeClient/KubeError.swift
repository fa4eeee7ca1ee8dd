import KubeModel

/// An error from the API or from getting to it. It carries the server's `Status`
/// when there was one. Request headers (and so tokens) are never part of it.
package struct KubeError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
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

    package var code: Code
    package var message: String
    package var httpStatus: Int?
    package var status: Status?
    package var cause: (any Error & Sendable)?

    package init(code: Code, message: String, httpStatus: Int? = nil, status: Status? = nil,
                cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
        self.cause = cause
    }

    /// The HTTP code, from the response or from the Status (a watch ERROR event has only the latter).
    package var statusCode: Int? { httpStatus ?? status?.code }
    package var reason: String? { status?.reason }

    package var isNotFound: Bool { statusCode == 404 || reason == "NotFound" }
    package var isConflict: Bool { statusCode == 409 || reason == "Conflict" || reason == "AlreadyExists" }
    package var isAlreadyExists: Bool { reason == "AlreadyExists" }
    package var isGone: Bool { statusCode == 410 || reason == "Gone" || reason == "Expired" }
    package var isForbidden: Bool { statusCode == 403 || reason == "Forbidden" }
    package var isUnauthorized: Bool { statusCode == 401 || reason == "Unauthorized" }
    package var isInvalid: Bool { statusCode == 422 || reason == "Invalid" }
    package var isTooManyRequests: Bool { statusCode == 429 || reason == "TooManyRequests" }
    package var isServerError: Bool { (statusCode ?? 0) >= 500 }

    package var description: String {
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
