import KubeModel

/// One cause of a 422, as upstream's field.Error (k8s.io/apimachinery/pkg/util/validation/field):
/// a path, a type, the bad value as Go prints it, and a detail.
struct FieldError: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case invalid, required, forbidden, tooLong

        /// The cause type in metav1.StatusCause (`reason` in JSON).
        var causeType: String {
            switch self {
            case .invalid: "FieldValueInvalid"
            case .required: "FieldValueRequired"
            case .forbidden: "FieldValueForbidden"
            case .tooLong: "FieldValueTooLong"
            }
        }

        var text: String {
            switch self {
            case .invalid: "Invalid value"
            case .required: "Required value"
            case .forbidden: "Forbidden"
            case .tooLong: "Too long"
            }
        }
    }

    var field: String
    var kind: Kind
    /// The bad value as Go's `%q`/`%v` prints it; nil for the types whose text leaves it out.
    var value: String?
    var detail: String

    static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid, value: FieldError.quoted(value), detail: detail)
    }

    /// An invalid value that is not a string, already written as Go's `%v` writes it.
    static func invalid(_ field: String, printed value: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid, value: value, detail: detail)
    }

    static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(field: field, kind: .required, value: nil, detail: detail)
    }

    static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .forbidden, value: nil, detail: detail)
    }

    static func tooLong(_ field: String, maxBytes: Int) -> FieldError {
        FieldError(field: field, kind: .tooLong, value: nil,
                   detail: "may not be more than \(maxBytes) \(maxBytes == 1 ? "byte" : "bytes")")
    }

    /// `ErrorBody()`: what a StatusCause's message says.
    var body: String {
        var text = kind.text
        if let value { text += ": \(value)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// Go's `%q`: double quotes, backslash escapes for quotes, backslashes and control characters.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{07}": output += "\\a"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{0B}": output += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let digits = String(scalar.value, radix: 16)
                    output += "\\x" + (digits.count < 2 ? "0" : "") + digits
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// `Error()`: the path, then the body.
    var message: String { "\(field): \(body)" }

    /// The messages joined as `ErrorList.ToAggregate()` joins them: duplicates dropped, one
    /// message alone, several in `[a, b]`.
    static func aggregate(_ errors: [FieldError]) -> String {
        var seen = Set<String>()
        var messages: [String] = []
        for error in errors where seen.insert(error.message).inserted { messages.append(error.message) }
        return messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
    }
}

extension APIFailure {
    /// `errors.NewInvalid`: 422 with every cause, the message naming the group-qualified kind.
    static func invalid(_ type: ResourceType, _ name: String, _ errors: [FieldError]) -> APIFailure {
        let qualifiedKind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        let causes = errors.map { StatusCause(reason: $0.kind.causeType, message: $0.body, field: $0.field) }
        let message = errors.isEmpty ? "\(qualifiedKind) \"\(name)\" is invalid"
            : "\(qualifiedKind) \(FieldError.quoted(name)) is invalid: \(FieldError.aggregate(errors))"
        return APIFailure(code: 422, reason: "Invalid", message: message,
                          details: StatusDetails(name: name, group: type.group, kind: type.kind, causes: causes))
    }
}
