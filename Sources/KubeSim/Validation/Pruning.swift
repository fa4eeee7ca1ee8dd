import KubeModel

/// Structural pruning and defaulting, as the apiextensions server applies them to every
/// custom resource it is given: fields the schema does not name are dropped (unless
/// `x-kubernetes-preserve-unknown-fields`), then missing fields with a `default` get it,
/// and defaulting goes on inside what was defaulted.
enum Pruning {
    /// Drops unknown fields and returns their paths (`spec.caps.maxNode`). At the root (and in
    /// embedded resources) apiVersion, kind and metadata are kept.
    static func prune(_ value: inout JSONValue, _ node: SchemaNode, path: String = "", isRoot: Bool = true) -> [String] {
        var pruned: [String] = []
        prune(&value, node, path: path, isRoot: isRoot, pruned: &pruned)
        return pruned
    }

    static func prune(_ value: inout JSONValue, _ node: SchemaNode, path: String, isRoot: Bool, pruned: inout [String]) {
        switch value {
        case .object(var members):
            for key in members.keys.sorted() {
                let childPath = SchemaValidator.join(path, key)
                if (isRoot || node.embeddedResource), ["apiVersion", "kind", "metadata"].contains(key) {
                    if key != "metadata", let child = node.properties[key], var member = members[key] {
                        prune(&member, child, path: childPath, isRoot: false, pruned: &pruned)
                        members[key] = member
                    }
                    continue
                }
                if let child = node.child(key) {
                    var member = members[key]!
                    prune(&member, child, path: childPath, isRoot: false, pruned: &pruned)
                    members[key] = member
                } else if !node.preservesUnknownFields, !node.allowsAnyAdditional {
                    members[key] = nil
                    pruned.append(childPath)
                }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = node.items else { return }
            for index in elements.indices {
                prune(&elements[index], items, path: "\(path)[\(index)]", isRoot: false, pruned: &pruned)
            }
            value = .array(elements)
        default:
            break
        }
    }

    /// Fills in defaults: a missing field (or a null one the schema does not allow) gets its
    /// default, then defaulting continues inside every field present.
    static func applyDefaults(_ value: inout JSONValue, _ node: SchemaNode) {
        switch value {
        case .object(var members):
            for (key, child) in node.properties {
                guard let defaultValue = child.defaultValue else { continue }
                if members[key] == nil || (members[key] == .null && !child.nullable) { members[key] = defaultValue }
            }
            for key in members.keys {
                guard let child = node.child(key), var member = members[key] else { continue }
                applyDefaults(&member, child)
                members[key] = member
            }
            value = .object(members)
        case .array(var elements):
            guard let items = node.items else { return }
            for index in elements.indices {
                if elements[index] == .null, !items.nullable, let defaultValue = items.defaultValue { elements[index] = defaultValue }
                applyDefaults(&elements[index], items)
            }
            value = .array(elements)
        default:
            break
        }
    }
}
