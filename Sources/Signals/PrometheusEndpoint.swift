/// How to reach a Prometheus: its base URL, how long to wait, how to authenticate and whom to trust.
package struct PrometheusEndpoint: Sendable, Hashable {
    package enum Method: String, Sendable, Hashable {
        /// A form-encoded POST: long PromQL does not hit URL length limits (Prometheus' own choice).
        case post
        case get
    }

    /// Credentials come from files (a mounted Secret) and are re-read when the file changes.
    package enum Authorization: Sendable, Hashable {
        case none
        case bearerTokenFile(String)
        case basic(username: String, passwordFile: String)
    }

    package var url: String
    /// Per request, connect and answer together.
    package var timeoutSeconds: Double
    package var authorization: Authorization
    /// A PEM bundle of the CAs to trust instead of the system's (a private CA); verification stays on.
    package var caFile: String?
    package var method: Method

    package init(url: String, timeoutSeconds: Double = 10, authorization: Authorization = .none,
                caFile: String? = nil, method: Method = .post) {
        self.url = url
        self.timeoutSeconds = timeoutSeconds
        self.authorization = authorization
        self.caFile = caFile
        self.method = method
    }
}
