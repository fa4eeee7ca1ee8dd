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
