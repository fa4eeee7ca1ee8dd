import KubeModel

/// One cause of a 422, as upstream's field.Error (k8s.io/apimachinery/pkg/util/validation/field)
/// prints it: `path: Type: value: detail`. One type for every validator: object metadata and
/// Events, CRD schemas and custom resources.
struct FieldError: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case invalid(value: String)
        case typeInvalid(value: String)
        case required
        case forbidden
        case notSupported(value: String, supported: [String])
        case tooLong(limit: Int)
        case tooMany(count: Int, limit: Int)
        case duplicate(value: String)
    }

    var field: String
    var kind: Kind
    var detail: String = ""

    // MARK: Building

    /// An invalid string value, quoted as Go's `%q` quotes it.
    static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid(value: quoted(value)), detail: detail)
    }

    /// An invalid value that is not a string, already written as Go's `%v` writes it.
    static func invalid(_ field: String, printed value: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid(value: value), detail: detail)
    }

    static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(field: field, kind: .required, detail: detail)
    }

    static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .forbidden, detail: detail)
    }

    static func tooLong(_ field: String, maxBytes: Int) -> FieldError {
        FieldError(field: field, kind: .tooLong(limit: maxBytes))
    }

    // MARK: Printing

    /// The cause type in metav1.StatusCause (`reason` in JSON).
    var reason: String {
        switch kind {
        case .invalid: "FieldValueInvalid"
        case .typeInvalid: "FieldValueTypeInvalid"
        case .required: "FieldValueRequired"
        case .forbidden: "FieldValueForbidden"
        case .notSupported: "FieldValueNotSupported"
        case .tooLong: "FieldValueTooLong"
        case .tooMany: "FieldValueTooMany"
        case .duplicate: "FieldValueDuplicate"
        }
    }

    /// `ErrorBody()`: what follows `path: `, and what a StatusCause's message says.
    var body: String {
        let text: String
        switch kind {
        case .invalid(let value), .typeInvalid(let value): text = "Invalid value: \(value)"
        case .required: text = "Required value"
        case .forbidden: text = "Forbidden"
        case .notSupported(let value, let supported):
            return "Unsupported value: \(value)" + (supported.isEmpty ? "" : ": supported values: " + supported.joined(separator: ", "))
        case .tooLong(let limit): return "Too long: may not be more than \(limit) \(limit == 1 ? "byte" : "bytes")"
        case .tooMany(let count, let limit): return "Too many: \(count): must have at most \(limit) items"
        case .duplicate(let value): text = "Duplicate value: \(value)"
        }
        return detail.isEmpty ? text : "\(text): \(detail)"
    }

    /// `Error()`, as Go prints it; an error at the root has no path and shows `<nil>`.
    var description: String { "\(field.isEmpty ? "<nil>" : field): \(body)" }

    /// Whether the error keeps CEL rules from running (as upstream: wrong types and unsupported values).
    var blocksRules: Bool {
        switch kind {
        case .typeInvalid, .notSupported: true
        default: false
        }
    }

    /// The messages joined as `ErrorList.ToAggregate()` joins them: duplicates dropped, one
    /// message alone, several in `[a, b]`.
    static func aggregate(_ errors: [FieldError]) -> String {
        var seen = Set<String>()
        var messages: [String] = []
        for error in errors where seen.insert(error.description).inserted { messages.append(error.description) }
        return messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
    }

    /// A value as field errors print it: strings quoted, numbers and booleans bare.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let int): return String(int)
        case .double(let double): return double.rounded() == double && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        case .bool(let bool): return bool ? "true" : "false"
        case .null: return "null"
        case .array, .object: return String(decoding: value.serialized(), as: UTF8.self)
        }
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
}

extension APIFailure {
    /// `errors.NewInvalid`: 422 with every cause, the message naming the group-qualified kind.
    static func invalid(_ type: ResourceType, _ name: String, _ errors: [FieldError]) -> APIFailure {
        let qualifiedKind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        let causes = errors.map { StatusCause(reason: $0.reason, message: $0.body, field: $0.field) }
        let message = errors.isEmpty ? "\(qualifiedKind) \"\(name)\" is invalid"
            : "\(qualifiedKind) \(FieldError.quoted(name)) is invalid: \(FieldError.aggregate(errors))"
        return APIFailure(code: 422, reason: "Invalid", message: message,
                          details: StatusDetails(name: name, group: type.group, kind: type.kind, causes: causes))
    }
}
