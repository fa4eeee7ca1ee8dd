/// metav1.Status: what the API server answers with on an error, and what an ERROR watch event carries.
package struct Status: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var status: String?
    package var message: String?
    package var reason: String?
    package var details: StatusDetails?
    package var code: Int?

    package init(status: String? = "Failure", message: String? = nil, reason: String? = nil,
                details: StatusDetails? = nil, code: Int? = nil) {
        self.apiVersion = "v1"
        self.kind = "Status"
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }
}

package struct StatusDetails: Codable, Sendable, Hashable {
    package var name: String?
    package var group: String?
    package var kind: String?
    package var uid: String?
    package var causes: [StatusCause]?
    package var retryAfterSeconds: Int?

    package init(name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
                causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

package struct StatusCause: Codable, Sendable, Hashable {
    package var reason: String?
    package var message: String?
    package var field: String?

    package init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
