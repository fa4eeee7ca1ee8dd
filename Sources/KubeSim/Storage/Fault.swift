/// A fault to inject into matching requests, for tests of retries and recovery.
public struct Fault: Sendable, Hashable {
    public enum Effect: Sendable, Hashable {
        /// Answer with this code (a Status body), and a Retry-After header when given.
        case status(code: Int, retryAfterSeconds: Int?)
        /// Hold the request this long, then serve it normally.
        case delay(Duration)
    }

    public var effect: Effect
    /// Only requests with this verb (get, list, watch, create, patch, ...); nil for any.
    public var verb: String?
    /// Only requests for this resource plural; nil for any.
    public var resource: String?
    /// How many matching requests it applies to.
    public var remaining: Int

    public init(_ effect: Effect, verb: String? = nil, resource: String? = nil, times: Int = 1) {
        self.effect = effect
        self.verb = verb
        self.resource = resource
        self.remaining = times
    }

    func matches(_ request: RecordedRequest) -> Bool {
        remaining > 0 && (verb == nil || verb == request.verb) && (resource == nil || resource == request.resource)
    }
}
