/// A fault to inject into matching requests, for tests of retries and recovery.
package struct Fault: Sendable, Hashable {
    package enum Effect: Sendable, Hashable {
        /// Answer with this code (a Status body), and a Retry-After header when given.
        case status(code: Int, retryAfterSeconds: Int?)
        /// Hold the request this long, then serve it normally.
        case delay(Duration)
        /// Hold the request until the client goes away or the server stops, and never serve it:
        /// a write that the process dies waiting on never lands.
        case hang
    }

    package var effect: Effect
    /// Only requests with this verb (get, list, watch, create, patch, ...); nil for any.
    package var verb: String?
    /// Only requests for this resource plural; nil for any.
    package var resource: String?
    /// Only requests for this subresource ("status"); nil for any, "" for none.
    package var subresource: String?
    /// Only requests for the object of this name; nil for any.
    package var name: String?
    /// How many matching requests it applies to.
    package var remaining: Int

    package init(_ effect: Effect, verb: String? = nil, resource: String? = nil, subresource: String? = nil,
                name: String? = nil, times: Int = 1) {
        self.effect = effect
        self.verb = verb
        self.resource = resource
        self.subresource = subresource
        self.name = name
        self.remaining = times
    }

    func matches(_ request: RecordedRequest) -> Bool {
        remaining > 0 && (verb == nil || verb == request.verb) && (resource == nil || resource == request.resource)
            && (subresource == nil || subresource == (request.subresource ?? "")) && (name == nil || name == request.name)
    }
}
