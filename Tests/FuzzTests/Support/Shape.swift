import KubeModel
import PropertyBased

/// The shape of a document a reader expects, from which structured inputs are generated: the
/// known fields with plausible values most of the time, and wrong types, edge values, nulls,
/// unknown fields and missing fields the rest.
indirect enum Shape: Sendable {
    case number(ClosedRange<Double>)
    case int(ClosedRange<Int>)
    case string([String])
    case bool
    case object([(String, Shape)])
    case array(Shape, max: Int)
    case map(Shape, keys: [String])

    func value(_ rng: inout Xoshiro, depth: Int = 0) -> JSONValue {
        if Gen.int(in: 0..<100).run(using: &rng) < 12 { return Self.hostile(&rng, depth: depth) }
        switch self {
        case .number(let range): return .double(Gen.double(in: range).run(using: &rng))
        case .int(let range): return .int(Int64(Gen.int(in: range).run(using: &rng)))
        case .string(let choices): return .string(Gen.element(of: choices).run(using: &rng) ?? "")
        case .bool: return .bool(Gen.bool.run(using: &rng))
        case .object(let fields):
            var members: [String: JSONValue] = [:]
            for (key, shape) in fields where Gen.int(in: 0..<100).run(using: &rng) < 85 {
                members[key] = shape.value(&rng, depth: depth + 1)
            }
            if Gen.int(in: 0..<100).run(using: &rng) < 5 { members[Self.text(&rng)] = Self.hostile(&rng, depth: depth + 1) }
            return .object(members)
        case .array(let element, let max):
            let count = Gen.int(in: 0...max).run(using: &rng)
            return .array((0..<count).map { _ in element.value(&rng, depth: depth + 1) })
        case .map(let element, let keys):
            var members: [String: JSONValue] = [:]
            for _ in 0..<Gen.int(in: 0...4).run(using: &rng) {
                members[Gen.element(of: keys).run(using: &rng) ?? "k"] = element.value(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// A value of any type, often an edge one.
    static func hostile(_ rng: inout Xoshiro, depth: Int) -> JSONValue {
        switch Gen.int(in: 0..<9).run(using: &rng) {
        case 0: return .null
        case 1: return .bool(Gen.bool.run(using: &rng))
        case 2: return .int(Gen.int64(in: .min ... .max).run(using: &rng))
        case 3: return .double(Gen.element(of: [0, -0.0, 1e-300, -1e300, 1e300, 1e19, 9.3e18, -1, 0.5]).run(using: &rng) ?? 0)
        case 4: return .string(text(&rng))
        case 5: return .string(Gen.element(of: ["1e400", "NaN", "+Inf", "-1", "1000E", "99999999999999999999", "", "0s", "-5m"])
            .run(using: &rng) ?? "")
        case 6 where depth < 8: return .array((0..<Gen.int(in: 0...3).run(using: &rng)).map { _ in hostile(&rng, depth: depth + 1) })
        case 7 where depth < 8: return .object([text(&rng): hostile(&rng, depth: depth + 1)])
        default: return .string(String(repeating: "x", count: Gen.int(in: 0...2_000).run(using: &rng)))
        }
    }

    /// Short text over a wide alphabet: letters, digits, punctuation, control and non-ASCII.
    static func text(_ rng: inout Xoshiro) -> String {
        let scalars = Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...12).run(using: &rng)
        return String(String.UnicodeScalarView(scalars))
    }
}

extension JSONValue {
    /// Block YAML for a generated value; strings double-quoted with JSON's escapes, which YAML reads.
    func yaml(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .object(let members) where !members.isEmpty:
            return members.keys.sorted().map { key in
                let value = members[key]!
                let name = JSONValue.string(key).jsonString
                return value.isFilledContainer ? "\(pad)\(name):\n" + value.yaml(indent: indent + 2)
                    : "\(pad)\(name): \(value.jsonString)\n"
            }.joined()
        case .array(let elements) where !elements.isEmpty:
            return elements.map { element in
                element.isFilledContainer ? "\(pad)-\n" + element.yaml(indent: indent + 2) : "\(pad)- \(element.jsonString)\n"
            }.joined()
        default: return "\(pad)\(jsonString)\n"
        }
    }

    var isFilledContainer: Bool {
        switch self {
        case .object(let members): !members.isEmpty
        case .array(let elements): !elements.isEmpty
        default: false
        }
    }
}
