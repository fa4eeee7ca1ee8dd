/// metav1.Condition, as Kubernetes API conventions define it.
public struct Condition: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        case `true` = "True", `false` = "False", unknown = "Unknown"
    }

    public var type: String
    public var status: Status
    public var reason: String
    public var message: String
    public var lastTransitionTime: String
    public var observedGeneration: Int64?

    public init(type: String, status: Status, reason: String, message: String,
                lastTransitionTime: String, observedGeneration: Int64? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.observedGeneration = observedGeneration
    }
}
