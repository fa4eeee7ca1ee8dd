/// A field selector (`fieldSelector=metadata.name=x,involvedObject.kind!=Pod`): equality
/// and inequality on dotted paths into the object.
package struct FieldSelector: Sendable, Hashable {
    package struct Requirement: Sendable, Hashable {
        package var path: String
        package var value: String
        package var equal: Bool

        package init(path: String, value: String, equal: Bool) {
            self.path = path
            self.value = value
            self.equal = equal
        }
    }

    package var requirements: [Requirement]

    package init(_ requirements: [Requirement]) { self.requirements = requirements }

    package static func equals(_ path: String, _ value: String) -> FieldSelector {
        FieldSelector([Requirement(path: path, value: value, equal: true)])
    }

    package init(parsing text: String) throws {
        requirements = try text.split(separator: ",").map { clause in
            if let range = clause.range(of: "!=") {
                return Requirement(path: String(clause[..<range.lowerBound]), value: String(clause[range.upperBound...]),
                                   equal: false)
            }
            if let range = clause.range(of: "==") ?? clause.range(of: "=") {
                return Requirement(path: String(clause[..<range.lowerBound]), value: String(clause[range.upperBound...]),
                                   equal: true)
            }
            throw SelectorError(message: "cannot parse field selector clause \(clause)")
        }
    }

    package var selectorString: String {
        requirements.map { "\($0.path)\($0.equal ? "=" : "!=")\($0.value)" }.joined(separator: ",")
    }

    /// A missing field compares as the empty string, as the API server's field sets do.
    package func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let field = object.value(atPath: requirement.path)
            let text: String
            switch field {
            case .string(let value)?: text = value
            case .int(let value)?: text = String(value)
            case .bool(let value)?: text = String(value)
            default: text = ""
            }
            return (text == requirement.value) == requirement.equal
        }
    }
}
