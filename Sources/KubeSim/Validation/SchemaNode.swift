import Foundation
import KubeModel

/// One node of a CRD's structural schema (`openAPIV3Schema` and everything under it), read
/// once when the CRD is registered, with its CEL rules compiled and its pattern built.
final class SchemaNode: Sendable {
    let type: String?
    let properties: [String: SchemaNode]
    /// Whether `properties` was given (an object without it keeps no fields, unless it
    /// preserves unknown fields or has `additionalProperties`).
    let declaresProperties: Bool
    let additionalProperties: SchemaNode?
    /// `additionalProperties: true` (any value is kept).
    let allowsAnyAdditional: Bool
    let items: SchemaNode?
    let enumValues: [JSONValue]?
    let pattern: (text: String, regex: CELRegex)?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Bool
    let exclusiveMaximum: Bool
    let minLength: Int?
    let maxLength: Int?
    let minItems: Int?
    let maxItems: Int?
    let minProperties: Int?
    let maxProperties: Int?
    let required: [String]
    let nullable: Bool
    let preservesUnknownFields: Bool
    let intOrString: Bool
    let embeddedResource: Bool
    let format: String?
    let defaultValue: JSONValue?
    let rules: [ValidationRule]
    let listType: String?
    let listMapKeys: [String]

    /// The properties' schema for a key, or the additionalProperties schema.
    func child(_ key: String) -> SchemaNode? { properties[key] ?? additionalProperties }

    /// Whether this node or any under it has CEL rules (so a walk can stop early).
    let hasRules: Bool

    /// Reads a schema; `path` names it in errors (`spec.validation.openAPIV3Schema.properties[spec]`).
    /// Rules that do not compile and patterns that are not regular expressions are reported in `errors`.
    init(_ json: JSONValue, path: String, errors: inout [FieldError]) {
        let members = json.objectValue ?? [:]
        type = members["type"]?.stringValue
        var properties: [String: SchemaNode] = [:]
        for (key, value) in (members["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            properties[key] = SchemaNode(value, path: "\(path).properties[\(key)]", errors: &errors)
        }
        self.properties = properties
        declaresProperties = members["properties"] != nil
        switch members["additionalProperties"] {
        case .object(let object)?:
            additionalProperties = SchemaNode(.object(object), path: "\(path).additionalProperties", errors: &errors)
            allowsAnyAdditional = false
        case .bool(let allowed)?:
            additionalProperties = nil
            allowsAnyAdditional = allowed
        default:
            additionalProperties = nil
            allowsAnyAdditional = false
        }
        items = members["items"].map { SchemaNode($0, path: "\(path).items", errors: &errors) }
        enumValues = members["enum"]?.arrayValue
        if let text = members["pattern"]?.stringValue {
            do {
                pattern = (text, try CELRegex(text))
            } catch {
                pattern = nil
                errors.append(FieldError(field: "\(path).pattern", kind: .invalid(value: FieldError.quoted(text)),
                                         detail: "must be a valid regular expression, but isn't"))
            }
        } else {
            pattern = nil
        }
        func number(_ key: String) -> Double? {
            switch members[key] {
            case .int(let value)?: Double(value)
            case .double(let value)?: value
            default: nil
            }
        }
        func count(_ key: String) -> Int? { members[key]?.intValue.map { Int(clamping: $0) } }
        minimum = number("minimum")
        maximum = number("maximum")
        exclusiveMinimum = members["exclusiveMinimum"]?.boolValue ?? false
        exclusiveMaximum = members["exclusiveMaximum"]?.boolValue ?? false
        minLength = count("minLength")
        maxLength = count("maxLength")
        minItems = count("minItems")
        maxItems = count("maxItems")
        minProperties = count("minProperties")
        maxProperties = count("maxProperties")
        required = members["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        nullable = members["nullable"]?.boolValue ?? false
        preservesUnknownFields = members["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false
        intOrString = members["x-kubernetes-int-or-string"]?.boolValue ?? false
        embeddedResource = members["x-kubernetes-embedded-resource"]?.boolValue ?? false
        format = members["format"]?.stringValue
        defaultValue = members["default"]
        listType = members["x-kubernetes-list-type"]?.stringValue
        listMapKeys = members["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var rules: [ValidationRule] = []
        for (index, rule) in (members["x-kubernetes-validations"]?.arrayValue ?? []).enumerated() {
            let rulePath = "\(path).x-kubernetes-validations[\(index)]"
            guard let source = rule["rule"]?.stringValue, !source.isEmpty else {
                errors.append(FieldError(field: "\(rulePath).rule", kind: .required))
                continue
            }
            do {
                rules.append(ValidationRule(source: source, program: try CELProgram(source),
                                            message: rule["message"]?.stringValue, fieldPath: rule["fieldPath"]?.stringValue,
                                            optionalOldSelf: rule["optionalOldSelf"]?.boolValue ?? false))
            } catch {
                errors.append(FieldError(field: "\(rulePath).rule", kind: .invalid(value: FieldError.quoted(source)),
                                         detail: "compilation failed: \(error)"))
            }
        }
        self.rules = rules
        hasRules = !rules.isEmpty || properties.values.contains { $0.hasRules } || additionalProperties?.hasRules == true
            || items?.hasRules == true
    }
}

/// One `x-kubernetes-validations` entry, compiled.
struct ValidationRule: Sendable {
    var source: String
    var program: CELProgram
    var message: String?
    var fieldPath: String?
    var optionalOldSelf: Bool

    var isTransition: Bool { program.referencesOldSelf }

    /// How upstream names the rule in errors: its message, else the rule's text.
    var errorString: String {
        if let message, !message.trimmingCharacters(in: .whitespaces).isEmpty { return message.trimmingCharacters(in: .whitespaces) }
        return source.trimmingCharacters(in: .whitespaces)
    }
}
