import KubeModel

/// A CRD's schemas, one per version that has one, read and compiled once when the CRD is
/// written; custom resources are checked against the served version's.
struct CRDSchemas: Sendable {
    var byVersion: [String: SchemaNode] = [:]

    /// Reads every version's `schema.openAPIV3Schema` and checks it as the real server does
    /// before accepting the CRD: rules compile, patterns are regular expressions, and every
    /// `default` is valid against its schema and rules (see DefaultValidator). Errors are
    /// named as upstream names them: under `spec.validation.openAPIV3Schema` when every version
    /// has the same schema, else under `spec.versions[i].schema.openAPIV3Schema`.
    static func compile(_ crd: JSONValue) -> (CRDSchemas, [FieldError]) {
        let versions = crd.value(atPath: "spec.versions")?.arrayValue ?? []
        let schemas = versions.map { $0.value(atPath: "schema.openAPIV3Schema") }
        let shared = schemas.count > 0 && schemas.allSatisfy { $0 == schemas[0] }
        var result = CRDSchemas()
        var errors: [FieldError] = []
        var sharedNode: SchemaNode?
        for (index, version) in versions.enumerated() {
            guard let name = version["name"]?.stringValue, let json = schemas[index] else { continue }
            if shared, let sharedNode {
                result.byVersion[name] = sharedNode
                continue
            }
            let path = shared ? "spec.validation.openAPIV3Schema" : "spec.versions[\(index)].schema.openAPIV3Schema"
            let node = SchemaNode(json, path: path, errors: &errors)
            DefaultValidator.validate(node, path: path, errors: &errors)
            result.byVersion[name] = node
            if shared { sharedNode = node }
        }
        return (result, errors)
    }

    /// A custom resource as the server would store it: unknown fields pruned (refused with
    /// `fieldValidation=Strict`), defaults applied, then validated against the schema and,
    /// when no type or enum error stands in the way, against the CEL rules (transition rules
    /// with `oldSelf` from `old`, on updates).
    func admit(_ value: JSONValue, old: JSONValue?, version: String, type: ResourceType, name: String,
               strict: Bool) throws -> JSONValue {
        guard let node = byVersion[version] ?? byVersion[type.version] else { return value }
        var admitted = value
        let unknown = Pruning.prune(&admitted, node)
        if strict, !unknown.isEmpty {
            throw APIFailure.badRequest("strict decoding error: " + unknown.map { "unknown field \(FieldError.quoted($0))" }.joined(separator: ", "))
        }
        Pruning.applyDefaults(&admitted, node)
        _ = Pruning.prune(&admitted, node)
        var errors: [FieldError] = []
        SchemaValidator.validate(withoutMetadata(admitted), node, path: "", errors: &errors)
        if errors.contains(where: \.blocksRules) {
            errors.append(FieldError(field: "", kind: .invalid(value: "\"null\""),
                                     detail: "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"))
        } else {
            RuleValidator.validate(admitted, old: old, node, path: "", errors: &errors)
        }
        guard errors.isEmpty else { throw APIFailure.invalid(type, name, errors) }
        return admitted
    }

    /// The object without metadata, which the server checks as ObjectMeta rather than by the schema.
    func withoutMetadata(_ value: JSONValue) -> JSONValue {
        var copy = value
        copy["metadata"] = nil
        return copy
    }
}

/// The check upstream's validateStructuralDefaults makes on a CRD: each `default` must have
/// no unknown fields, must be valid against its own node's schema, and must pass that node's
/// CEL rules (and those below it) as written, without nested defaults filled in. Schema errors
/// keep the rules from running, as upstream.
enum DefaultValidator {
    static func validate(_ node: SchemaNode, path: String, errors: inout [FieldError]) {
        if let defaultValue = node.defaultValue {
            let at = "\(path).default"
            var pruned = defaultValue
            if !Pruning.prune(&pruned, node, isRoot: false).isEmpty {
                errors.append(FieldError(field: at, kind: .invalid(value: goValue(defaultValue)), detail: "must not have unknown fields"))
            } else {
                var schemaErrors: [FieldError] = []
                SchemaValidator.validate(defaultValue, node, path: at, errors: &schemaErrors)
                if schemaErrors.isEmpty {
                    // Upstream passes the default as oldSelf too.
                    RuleValidator.validate(defaultValue, old: defaultValue, node, path: at, errors: &errors)
                } else {
                    errors += schemaErrors
                }
            }
        }
        // additionalProperties are not followed: defaults are forbidden there.
        if let items = node.items { validate(items, path: "\(path).items", errors: &errors) }
        for (key, child) in node.properties.sorted(by: { $0.key < $1.key }) {
            validate(child, path: "\(path).properties[\(key)]", errors: &errors)
        }
    }

    /// A value as Go's `%#v` prints an unstructured one, as field.Invalid shows it.
    static func goValue(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            "map[string]interface {}{" + members.sorted { $0.key < $1.key }.map { "\(FieldError.quoted($0.key)):\(goValue($0.value))" }
                .joined(separator: ", ") + "}"
        case .array(let elements): "[]interface {}{" + elements.map(goValue).joined(separator: ", ") + "}"
        case .null: "interface {}(nil)"
        default: FieldError.show(value)
        }
    }
}
