import KubeModel

/// A CEL value. Durations are nanoseconds; timestamps are nanoseconds since the Unix epoch
/// (so years 1678 to 2262, narrower than CEL's 1 to 9999).
enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map([CELValue: CELValue])
    case duration(Int64)
    case timestamp(Int64)

    /// The type name, as cel-go prints it in errors.
    var typeName: String {
        switch self {
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .duration: "google.protobuf.Duration"
        case .timestamp: "google.protobuf.Timestamp"
        }
    }

    /// A JSON value as CEL sees it. Numbers keep the kind JSON gave them unless the schema
    /// says otherwise: an `integer` field is an int, a `number` field a double.
    init(json: JSONValue, schema: SchemaNode? = nil) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = schema?.type == "number" ? .double(Double(value)) : .int(value)
        case .double(let value):
            if schema?.type == "integer", let exact = Int64(exactly: value) { self = .int(exact) } else { self = .double(value) }
        case .string(let value): self = .string(value)
        case .array(let elements): self = .list(elements.map { CELValue(json: $0, schema: schema?.items) })
        case .object(let members):
            var map: [CELValue: CELValue] = [:]
            for (key, value) in members { map[.string(key)] = CELValue(json: value, schema: schema?.child(key)) }
            self = .map(map)
        }
    }

    /// CEL equality: numbers compare by value across int, uint and double; lists and maps
    /// element by element; values of different types are not equal.
    func celEquals(_ other: CELValue) -> Bool {
        switch (self, other) {
        case (.list(let left), .list(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.celEquals($1) }
        case (.map(let left), .map(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let match = right.first(where: { $0.key.celEquals(key) }), match.value.celEquals(value) else { return false }
            }
            return true
        default:
            if let order = numericOrder(other) { return order == 0 }
            return self == other
        }
    }

    /// -1, 0 or 1 when both are numbers (of any numeric type); nil otherwise.
    func numericOrder(_ other: CELValue) -> Int? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .uint(let b)): return a < 0 ? -1 : (UInt64(a) < b ? -1 : (UInt64(a) == b ? 0 : 1))
        case (.uint, .int): return other.numericOrder(self).map { -$0 }
        default:
            guard let a = asDouble, let b = other.asDouble else { return nil }
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    var asDouble: Double? {
        switch self {
        case .int(let value): Double(value)
        case .uint(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// Looks a key up with CEL equality (so `m[1]` finds the key `1u`).
    func lookup(_ key: CELValue) -> CELValue? {
        guard case .map(let entries) = self else { return nil }
        if let exact = entries[key] { return exact }
        return entries.first { $0.key.celEquals(key) }?.value
    }
}
