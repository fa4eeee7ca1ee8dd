import KubeModel

/// An error answer, shaped like the real server's metav1.Status.
struct APIFailure: Error, Sendable {
    var status: Status
    var retryAfterSeconds: Int?

    var code: Int { status.code ?? 500 }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil, retryAfterSeconds: Int? = nil) {
        status = Status(status: "Failure", message: message, reason: reason, details: details, code: code)
        self.retryAfterSeconds = retryAfterSeconds
    }

    static func notFound(_ type: ResourceType, _ name: String) -> APIFailure {
        APIFailure(code: 404, reason: "NotFound", message: "\(type.qualifiedName) \"\(name)\" not found",
                   details: StatusDetails(name: name, group: type.group, kind: type.plural))
    }

    static func alreadyExists(_ type: ResourceType, _ name: String) -> APIFailure {
        APIFailure(code: 409, reason: "AlreadyExists", message: "\(type.qualifiedName) \"\(name)\" already exists",
                   details: StatusDetails(name: name, group: type.group, kind: type.plural))
    }

    static func conflict(_ type: ResourceType, _ name: String) -> APIFailure {
        APIFailure(code: 409, reason: "Conflict",
                   message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
                   details: StatusDetails(name: name, group: type.group, kind: type.plural))
    }

    static func invalid(_ type: ResourceType, _ name: String, field: String, _ message: String) -> APIFailure {
        APIFailure(code: 422, reason: "Invalid", message: "\(type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)") \"\(name)\" is invalid: \(field): \(message)",
                   details: StatusDetails(name: name, group: type.group, kind: type.kind,
                                          causes: [StatusCause(reason: "FieldValueInvalid", message: message, field: field)]))
    }

    static func badRequest(_ message: String) -> APIFailure {
        APIFailure(code: 400, reason: "BadRequest", message: message)
    }

    static func gone(_ message: String) -> APIFailure {
        APIFailure(code: 410, reason: "Expired", message: message)
    }

    static func methodNotAllowed(_ message: String) -> APIFailure {
        APIFailure(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func unsupportedMediaType(_ contentType: String) -> APIFailure {
        APIFailure(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \(contentType))")
    }

    static let pathNotFound = APIFailure(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    var body: [UInt8] {
        (try? JSONValue(encoding: status))?.serialized() ?? Array("{\"kind\":\"Status\"}".utf8)
    }
}
