/// metav1.Condition, as Kubernetes API conventions define it.
package struct Condition: Codable, Sendable, Hashable {
    package enum Status: String, Codable, Sendable, Hashable {
        case `true` = "True", `false` = "False", unknown = "Unknown"
    }

    package var type: String
    package var status: Status
    package var reason: String
    package var message: String
    package var lastTransitionTime: String
    package var observedGeneration: Int64?

    package init(type: String, status: Status, reason: String, message: String,
                lastTransitionTime: String, observedGeneration: Int64? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.observedGeneration = observedGeneration
    }
}
