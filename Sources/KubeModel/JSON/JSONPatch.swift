/// RFC 6902 JSON patch. A `test` operation makes the whole patch fail when the
/// document changed underneath, which guards read-modify-write races.
package struct JSONPatchOperation: Sendable, Hashable, Codable {
    package enum Op: String, Sendable, Hashable, Codable { case add, remove, replace, move, copy, test }

    package var op: Op
    package var path: String
    package var from: String?
    package var value: JSONValue?

    package init(op: Op, path: String, from: String? = nil, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.from = from
        self.value = value
    }

    package static func test(_ path: String, _ value: JSONValue) -> Self { .init(op: .test, path: path, value: value) }
    package static func add(_ path: String, _ value: JSONValue) -> Self { .init(op: .add, path: path, value: value) }
    package static func replace(_ path: String, _ value: JSONValue) -> Self { .init(op: .replace, path: path, value: value) }
    package static func remove(_ path: String) -> Self { .init(op: .remove, path: path) }

    /// Escapes one path segment (`~` and `/`) for use in a JSON pointer.
    package static func escape(_ segment: String) -> String {
        segment.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Decodes a patch document (an array of operations).
    package static func operations(from document: JSONValue) throws -> [JSONPatchOperation] {
        guard case .array(let elements) = document else {
            throw JSONError(.unexpectedType, "a JSON patch must be an array of operations")
        }
        return try elements.map { element in
            guard let opName = element["op"]?.stringValue, let op = Op(rawValue: opName) else {
                throw JSONError(.unexpectedType, "unknown or missing op")
            }
            guard let path = element["path"]?.stringValue else { throw JSONError(.missingField, "missing path") }
            let value = element.objectValue?["value"]
            if [.add, .replace, .test].contains(op), value == nil {
                throw JSONError(.missingField, "missing value for \(opName)")
            }
            return JSONPatchOperation(op: op, path: path, from: element["from"]?.stringValue, value: value)
        }
    }

    package var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["op": .string(op.rawValue), "path": .string(path)]
        if let from { members["from"] = .string(from) }
        if let value { members["value"] = value }
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

    static func pointer(_ path: String) throws -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw JSONError(.invalidPointer, "pointer must start with /: \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    func get(_ tokens: [String]) throws -> JSONValue {
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

    mutating func insert(_ value: JSONValue, at tokens: [String]) throws {
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

    mutating func remove(at tokens: [String]) throws -> JSONValue {
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
