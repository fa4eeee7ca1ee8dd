import KubeModel

/// Checks a value against a schema as the apiextensions server's OpenAPI validator does:
/// type, nullable, enum, format date-time, pattern, number bounds, string lengths, item and
/// property counts, required fields and list-type map/set uniqueness. Messages follow
/// kube-openapi's (`spec.x in body should match '...'`).
enum SchemaValidator {
    static func validate(_ value: JSONValue, _ node: SchemaNode, path: String, errors: inout [FieldError]) {
        let name = path.isEmpty ? "body" : path
        if case .null = value {
            if node.nullable || node.type == nil && node.preservesUnknownFields { return }
            if node.type != nil || node.intOrString {
                errors.append(FieldError(field: path, kind: .typeInvalid(value: "\"null\""),
                                         detail: "\(name) in body must be of type \(node.intOrString ? "integer-or-string" : node.type!): \"null\""))
            }
            return
        }
        if node.intOrString {
            switch value {
            case .int, .string: break
            case .double(let double) where double.rounded() == double: break
            default:
                errors.append(FieldError(field: path, kind: .typeInvalid(value: FieldError.quoted(typeName(value))),
                                         detail: "\(name) in body must be of type integer-or-string: \"\(typeName(value))\""))
                return
            }
        } else if let type = node.type, !matches(value, type) {
            errors.append(FieldError(field: path, kind: .typeInvalid(value: FieldError.quoted(typeName(value))),
                                     detail: "\(name) in body must be of type \(type): \"\(typeName(value))\""))
            return
        }
        if let enumValues = node.enumValues, !enumValues.contains(where: { sameValue($0, value) }) {
            errors.append(FieldError(field: path, kind: .notSupported(value: FieldError.show(value), supported: enumValues.map(FieldError.show))))
        }
        switch value {
        case .string(let text):
            if node.format == "date-time", CELTime.parseTimestamp(text) == nil {
                errors.append(FieldError(field: path, kind: .invalid(value: FieldError.quoted(text)),
                                         detail: "\(name) in body must be of type date-time: \(FieldError.quoted(text))"))
            }
            if let maxLength = node.maxLength, text.unicodeScalars.count > maxLength {
                errors.append(FieldError(field: path, kind: .tooLong(limit: maxLength)))
            }
            if let minLength = node.minLength, text.unicodeScalars.count < minLength {
                errors.append(FieldError(field: path, kind: .invalid(value: FieldError.quoted(text)),
                                         detail: "\(name) in body should be at least \(minLength) chars long"))
            }
            if let pattern = node.pattern, !pattern.regex.matches(text) {
                errors.append(FieldError(field: path, kind: .invalid(value: FieldError.quoted(text)),
                                         detail: "\(name) in body should match '\(pattern.text)'"))
            }
        case .int, .double:
            var number = Double(value.intValue ?? 0)
            if case .double(let double) = value { number = double }
            if let minimum = node.minimum, node.exclusiveMinimum ? number <= minimum : number < minimum {
                errors.append(FieldError(field: path, kind: .invalid(value: FieldError.show(value)),
                                         detail: "\(name) in body should be greater than \(node.exclusiveMinimum ? "" : "or equal to ")\(show(minimum))"))
            }
            if let maximum = node.maximum, node.exclusiveMaximum ? number >= maximum : number > maximum {
                errors.append(FieldError(field: path, kind: .invalid(value: FieldError.show(value)),
                                         detail: "\(name) in body should be less than \(node.exclusiveMaximum ? "" : "or equal to ")\(show(maximum))"))
            }
        case .array(let elements):
            if let maxItems = node.maxItems, elements.count > maxItems {
                errors.append(FieldError(field: path, kind: .tooMany(count: elements.count, limit: maxItems)))
            }
            if let minItems = node.minItems, elements.count < minItems {
                errors.append(FieldError(field: path, kind: .invalid(value: String(elements.count)),
                                         detail: "\(name) in body should have at least \(minItems) items"))
            }
            if let items = node.items {
                for (index, element) in elements.enumerated() {
                    validate(element, items, path: "\(path)[\(index)]", errors: &errors)
                }
            }
            checkListType(elements, node, path: path, errors: &errors)
        case .object(let members):
            if let maxProperties = node.maxProperties, members.count > maxProperties {
                errors.append(FieldError(field: path, kind: .tooMany(count: members.count, limit: maxProperties)))
            }
            if let minProperties = node.minProperties, members.count < minProperties {
                errors.append(FieldError(field: path, kind: .invalid(value: String(members.count)),
                                         detail: "\(name) in body should have at least \(minProperties) properties"))
            }
            for key in node.required where members[key] == nil {
                errors.append(FieldError(field: join(path, key), kind: .required))
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let child = node.child(key) else { continue }
                validate(member, child, path: join(path, key), errors: &errors)
            }
        default:
            break
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func show(_ bound: Double) -> String {
        bound.rounded() == bound && abs(bound) < 1e15 ? String(Int64(bound)) : String(bound)
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .int), ("number", .double),
             ("integer", .int): true
        case ("integer", .double(let double)): double.rounded() == double
        default: false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Equality of JSON values with 1 and 1.0 equal, as in Go after decoding.
    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): Double(x) == y
        default: a == b
        }
    }

    /// `x-kubernetes-list-type: set` items are unique; `map` items are unique by their keys.
    static func checkListType(_ elements: [JSONValue], _ node: SchemaNode, path: String, errors: inout [FieldError]) {
        switch node.listType {
        case "set":
            for index in elements.indices where elements[..<index].contains(where: { sameValue($0, elements[index]) }) {
                errors.append(FieldError(field: "\(path)[\(index)]", kind: .duplicate(value: FieldError.show(elements[index]))))
            }
        case "map":
            var seen: [[JSONValue?]] = []
            for (index, element) in elements.enumerated() {
                let key = node.listMapKeys.map { element[$0] ?? node.items?.properties[$0]?.defaultValue }
                if seen.contains(key) {
                    let shown = zip(node.listMapKeys, key).map { "\(FieldError.quoted($0)):\($1.map(FieldError.show) ?? "null")" }
                    errors.append(FieldError(field: "\(path)[\(index)]", kind: .duplicate(value: "map[string]interface {}{\(shown.joined(separator: ", "))}")))
                } else {
                    seen.append(key)
                }
            }
        default:
            break
        }
    }
}
