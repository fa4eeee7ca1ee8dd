import Foundation
import KubeModel

/// One query that did not give its field a value in an evaluation.
package struct QueryFailure: Sendable, CustomStringConvertible {
    package var field: FrameField
    package var query: String
    package var error: SignalsError

    package init(field: FrameField, query: String, error: SignalsError) {
        self.field = field
        self.query = query
        self.error = error
    }

    package var description: String { "\(field.rawValue): \(error)" }
}

extension QueryFailure {
    /// The `SignalsAvailable` condition for an evaluation: False with every failed field named
    /// (reason `RequestRateUnavailable` when no frame could be built), True when all queries answered.
    package static func signalsCondition(_ failures: [QueryFailure], frameBuilt: Bool, at time: Date,
                                        observedGeneration: Int64? = nil) -> Condition {
        let stamp = ISO8601DateFormatter().string(from: time)
        guard !failures.isEmpty else {
            return Condition(type: "SignalsAvailable", status: .true, reason: "QueriesAnswered",
                             message: "every configured query answered", lastTransitionTime: stamp,
                             observedGeneration: observedGeneration)
        }
        let reason = frameBuilt ? "QueriesFailed" : "RequestRateUnavailable"
        let message = failures.map(\.description).joined(separator: "; ")
        return Condition(type: "SignalsAvailable", status: .false, reason: reason,
                         message: String(message.prefix(1024)), lastTransitionTime: stamp,
                         observedGeneration: observedGeneration)
    }
}
