/// How to reach a Prometheus: its base URL, how long to wait, how to authenticate and whom to trust.
public struct PrometheusEndpoint: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        /// A form-encoded POST: long PromQL does not hit URL length limits (Prometheus' own choice).
        case post
        case get
    }

    /// Credentials come from files (a mounted Secret) and are re-read when the file changes.
    public enum Authorization: Sendable, Hashable {
        case none
        case bearerTokenFile(String)
        case basic(username: String, passwordFile: String)
    }

    public var url: String
    /// Per request, connect and answer together.
    public var timeoutSeconds: Double
    public var authorization: Authorization
    /// A PEM bundle of the CAs to trust instead of the system's (a private CA); verification stays on.
    public var caFile: String?
    public var method: Method

    public init(url: String, timeoutSeconds: Double = 10, authorization: Authorization = .none,
                caFile: String? = nil, method: Method = .post) {
        self.url = url
        self.timeoutSeconds = timeoutSeconds
        self.authorization = authorization
        self.caFile = caFile
        self.method = method
    }
}
