import KubeModel

/// One field error, as k8s.io/apimachinery's field.Error prints it: `path: Type: detail`.
struct FieldError: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case invalid(value: String)
        case typeInvalid(value: String)
        case required
        case notSupported(value: String, supported: [String])
        case tooLong(limit: Int)
        case tooMany(count: Int, limit: Int)
        case duplicate(value: String)
    }

    var field: String
    var kind: Kind
    var detail: String = ""

    var reason: String {
        switch kind {
        case .invalid: "FieldValueInvalid"
        case .typeInvalid: "FieldValueTypeInvalid"
        case .required: "FieldValueRequired"
        case .notSupported: "FieldValueNotSupported"
        case .tooLong: "FieldValueTooLong"
        case .tooMany: "FieldValueTooMany"
        case .duplicate: "FieldValueDuplicate"
        }
    }

    /// What follows `path: `.
    var body: String {
        let text: String
        switch kind {
        case .invalid(let value), .typeInvalid(let value): text = "Invalid value: \(value)"
        case .required: text = "Required value"
        case .notSupported(let value, let supported):
            text = "Unsupported value: \(value)" + (supported.isEmpty ? "" : ": supported values: " + supported.joined(separator: ", "))
            return text
        case .tooLong(let limit): return "Too long: may not be more than \(limit) bytes"
        case .tooMany(let count, let limit): return "Too many: \(count): must have at most \(limit) items"
        case .duplicate(let value): text = "Duplicate value: \(value)"
        }
        return detail.isEmpty ? text : "\(text): \(detail)"
    }

    /// As Go prints it; an error at the root has no path and shows `<nil>`.
    var description: String { "\(field.isEmpty ? "<nil>" : field): \(body)" }

    /// Whether the error keeps CEL rules from running (as upstream: wrong types and unsupported values).
    var blocksRules: Bool {
        switch kind {
        case .typeInvalid, .notSupported: true
        default: false
        }
    }

    /// A value as Go's `%#v`-ish field errors print it: strings quoted, numbers and booleans bare.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .int(let int): return String(int)
        case .double(let double): return double.rounded() == double && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        case .bool(let bool): return bool ? "true" : "false"
        case .null: return "null"
        case .array, .object: return String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    /// Go's `%q`.
    static func quote(_ text: String) -> String {
        String(decoding: JSONValue.string(text).serialized(), as: UTF8.self)
    }
}

extension APIFailure {
    /// A 422 for the errors found, joined as the real server joins them (`[a, b]` for more than one).
    static func invalid(_ type: ResourceType, _ name: String, errors: [FieldError]) -> APIFailure {
        let joined = errors.count == 1 ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
        return APIFailure(code: 422, reason: "Invalid", message: "\(type.kind).\(type.group) \"\(name)\" is invalid: \(joined)",
                          details: StatusDetails(name: name, group: type.group, kind: type.kind,
                                                 causes: errors.map { StatusCause(reason: $0.reason, message: $0.body, field: $0.field) }))
    }
}
