/// An optional kept out of line, behind one pointer: for fields of which at most one is set.
/// An autoscaling/v2 metric names one of five sources; stored inline, the four unset ones made
/// a MetricSpec 485 bytes and a cached HPA over a kilobyte more than it needs.
@propertyWrapper
package struct OutOfLine<Value: Sendable & Hashable>: Sendable, Hashable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box?

    package init(wrappedValue: Value?) { box = wrappedValue.map(Box.init) }

    package var wrappedValue: Value? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.wrappedValue == rhs.wrappedValue }
    package func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension OutOfLine: Codable where Value: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: container.decodeNil() ? nil : try container.decode(Value.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

// As for a plain optional: an absent key decodes as nil, and nil is left out when encoding.
extension KeyedDecodingContainer {
    package func decode<Value: Codable>(_ type: OutOfLine<Value>.Type, forKey key: Key) throws -> OutOfLine<Value> {
        OutOfLine(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    package mutating func encode<Value: Codable>(_ value: OutOfLine<Value>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
