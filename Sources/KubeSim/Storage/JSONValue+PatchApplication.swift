import KubeModel

/// Applying patches, as kube-apiserver does to the objects it stores: RFC 7386 merge patches and
/// RFC 6902 JSON patches. Only the server applies patches, so this lives with KubeSim; the
/// operator builds them (KubeModel's `mergePatch(from:to:)`, `JSONPatchOperation`).
extension JSONValue {
    /// RFC 7386: objects merge member by member, `null` removes a member, anything else replaces
    /// the target value whole (arrays included).
    package func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                members.removeValue(forKey: key)
            } else {
                members[key] = (members[key] ?? .null).applyingMergePatch(value)
            }
        }
        return .object(members)
    }
}

extension JSONValue {
    package func applyingJSONPatch(_ operations: [JSONPatchOperation]) throws -> JSONValue {
        var document = self
        for operation in operations {
            switch operation.op {
            case .add: try document.insert(operation.value ?? .null, at: try Self.pointer(operation.path))
            case .remove: _ = try document.remove(at: try Self.pointer(operation.path))
            case .replace:
                let tokens = try Self.pointer(operation.path)
                _ = try document.remove(at: tokens)
                try document.insert(operation.value ?? .null, at: tokens)
            case .move:
                let value = try document.remove(at: try Self.pointer(operation.from ?? ""))
                try document.insert(value, at: try Self.pointer(operation.path))
            case .copy:
                let value = try document.get(try Self.pointer(operation.from ?? ""))
                try document.insert(value, at: try Self.pointer(operation.path))
            case .test:
                let actual = try? document.get(try Self.pointer(operation.path))
                guard actual == operation.value else {
                    throw JSONError(.testFailed, "test failed at \(operation.path)")
                }
            }
        }
        return document
    }

    private static func pointer(_ path: String) throws -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw JSONError(.invalidPointer, "pointer must start with /: \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private func get(_ tokens: [String]) throws -> JSONValue {
        var current = self
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw JSONError(.invalidPointer, "no member \(token)") }
                current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else {
                    throw JSONError(.invalidPointer, "no element \(token)")
                }
                current = elements[index]
            default: throw JSONError(.invalidPointer, "cannot descend into a scalar at \(token)")
            }
        }
        return current
    }

    private mutating func insert(_ value: JSONValue, at tokens: [String]) throws {
        guard let first = tokens.first else {
            self = value
            return
        }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var members):
            if rest.isEmpty {
                members[first] = value
            } else {
                guard var child = members[first] else { throw JSONError(.invalidPointer, "no member \(first)") }
                try child.insert(value, at: rest)
                members[first] = child
            }
            self = .object(members)
        case .array(var elements):
            if rest.isEmpty {
                if first == "-" {
                    elements.append(value)
                } else {
                    guard let index = Int(first), (0...elements.count).contains(index) else {
                        throw JSONError(.invalidPointer, "bad array index \(first)")
                    }
                    elements.insert(value, at: index)
                }
            } else {
                guard let index = Int(first), elements.indices.contains(index) else {
                    throw JSONError(.invalidPointer, "bad array index \(first)")
                }
                try elements[index].insert(value, at: rest)
            }
            self = .array(elements)
        default: throw JSONError(.invalidPointer, "cannot add into a scalar at \(first)")
        }
    }

    private mutating func remove(at tokens: [String]) throws -> JSONValue {
        guard let first = tokens.first else { throw JSONError(.invalidPointer, "cannot remove the root") }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var members):
            guard var child = members[first] else { throw JSONError(.invalidPointer, "no member \(first)") }
            let removed: JSONValue
            if rest.isEmpty {
                removed = child
                members.removeValue(forKey: first)
            } else {
                removed = try child.remove(at: rest)
                members[first] = child
            }
            self = .object(members)
            return removed
        case .array(var elements):
            guard let index = Int(first), elements.indices.contains(index) else {
                throw JSONError(.invalidPointer, "bad array index \(first)")
            }
            let removed: JSONValue
            if rest.isEmpty {
                removed = elements.remove(at: index)
            } else {
                removed = try elements[index].remove(at: rest)
            }
            self = .array(elements)
            return removed
        default: throw JSONError(.invalidPointer, "cannot remove from a scalar at \(first)")
        }
    }
}
