import KubeModel

/// Runs the `x-kubernetes-validations` rules over a value, node by node, as the apiextensions
/// server's CEL validator does: `self` is the value at the node, `oldSelf` the old value at the
/// same place on an update (rules that read oldSelf run only when there is one). Old values
/// are matched through object fields and through `x-kubernetes-list-type: map` keys.
enum RuleValidator {
    static func validate(_ value: JSONValue, old: JSONValue?, _ node: SchemaNode, path: String, errors: inout [FieldError]) {
        guard node.hasRules else { return }
        if !node.rules.isEmpty {
            let current = CELValue(json: value, schema: node)
            let previous = old.map { CELValue(json: $0, schema: node) }
            for rule in node.rules {
                var variables: [String: CELValue] = ["self": current]
                if rule.isTransition {
                    guard let previous else { continue }
                    variables["oldSelf"] = previous
                }
                check(rule, variables, node: node, path: path, errors: &errors)
            }
        }
        switch value {
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let child = node.child(key), child.hasRules else { continue }
                let isAdditional = node.properties[key] == nil
                let childPath = isAdditional ? "\(path)[\(key)]" : SchemaValidator.join(path, key)
                validate(member, old: old?[key], child, path: childPath, errors: &errors)
            }
        case .array(let elements):
            guard let items = node.items, items.hasRules else { return }
            let oldElements = old?.arrayValue ?? []
            for (index, element) in elements.enumerated() {
                var previous: JSONValue?
                if node.listType == "map", !node.listMapKeys.isEmpty {
                    let key = node.listMapKeys.map { element[$0] }
                    previous = oldElements.first { candidate in node.listMapKeys.map { candidate[$0] } == key }
                }
                validate(element, old: previous, items, path: "\(path)[\(index)]", errors: &errors)
            }
        default:
            break
        }
    }

    static func check(_ rule: ValidationRule, _ variables: [String: CELValue], node: SchemaNode, path: String,
                      errors: inout [FieldError]) {
        let shown = FieldError.quoted(node.type ?? (node.intOrString ? "integer-or-string" : ""))
        do {
            let result = try rule.program.evaluate(variables)
            guard case .bool(let passed) = result else {
                errors.append(FieldError(field: path, kind: .invalid(value: shown),
                                         detail: "rule did not evaluate to a bool evaluating rule: \(rule.errorString)"))
                return
            }
            if passed { return }
            let message = rule.message.map { _ in rule.errorString } ?? "failed rule: \(rule.errorString)"
            errors.append(FieldError(field: appending(rule.fieldPath, to: path), kind: .invalid(value: shown), detail: message))
        } catch {
            errors.append(FieldError(field: path, kind: .invalid(value: shown), detail: "\(error.message) evaluating rule: \(rule.errorString)"))
        }
    }

    /// A rule's `fieldPath` (`.detection.holdDown`, `['a.b']`) after the node's path.
    static func appending(_ fieldPath: String?, to path: String) -> String {
        guard var fieldPath, !fieldPath.isEmpty else { return path }
        if fieldPath.hasPrefix("[") { return path + fieldPath }
        if fieldPath.hasPrefix(".") { fieldPath.removeFirst() }
        return SchemaValidator.join(path, fieldPath)
    }
}
