import KubeModel

/// The JSONPath forms CRD printer columns use (`.a.b`, `.a[0].b`, `.a[-1]`, `.a[*].b`,
/// `.a['b.c']`, `.a.b\.c`, `.a[?(@.type=="Ready")].status`), evaluated the way client-go's
/// jsonpath does for kube-apiserver's column printer: missing keys give no result, while
/// indexing a non-list, an index out of range or a comparison of unlike values is an error.
struct JSONPath: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        case field(String)
        case index(Int)
        case all
        case filter(Filter)
    }

    /// `[?(@.path op literal)]`; with no operator, whether `@.path` exists.
    struct Filter: Sendable, Equatable {
        enum Operator: Sendable, Equatable { case equal, notEqual, exists }
        var path: [Step]
        var comparison: Operator
        var literal: JSONValue
    }

    struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        var description: String
    }

    let steps: [Step]

    init(_ text: String) throws(Failure) {
        var parser = JSONPathParser(text)
        steps = try parser.parsePath(relative: false)
    }

    init(steps: [Step]) {
        self.steps = steps
    }

    /// Every value the path reaches, in document order.
    func evaluate(_ root: JSONValue) throws(Failure) -> [JSONValue] {
        try Self.walk(steps, from: [root])
    }

    /// The first value reached, or nil when there is none or evaluation failed: what a
    /// printer column shows.
    func firstValue(in root: JSONValue) -> JSONValue? {
        do {
            return try evaluate(root).first
        } catch {
            return nil
        }
    }

    static func walk(_ steps: [Step], from start: [JSONValue]) throws(Failure) -> [JSONValue] {
        var current = start
        for step in steps {
            var next: [JSONValue] = []
            // A null stands for a missing value at every step, as a nil does in Go.
            for value in current where value != .null {
                try apply(step, to: value, into: &next)
            }
            current = next
        }
        return current
    }

    static func apply(_ step: Step, to value: JSONValue, into results: inout [JSONValue]) throws(Failure) {
        switch step {
        case .field(let name):
            if case .object(let members) = value, let member = members[name] { results.append(member) }
        case .index(let index):
            let elements = try list(value)
            let position = index < 0 ? index + elements.count : index
            guard elements.indices.contains(position) else {
                throw Failure(description: "array index out of bounds: index \(index), length \(elements.count)")
            }
            results.append(elements[position])
        case .all:
            results += try list(value)
        case .filter(let filter):
            for element in try list(value) where try filter.passes(element) {
                results.append(element)
            }
        }
    }

    static func list(_ value: JSONValue) throws(Failure) -> [JSONValue] {
        guard case .array(let elements) = value else {
            throw Failure(description: "\(value.jsonString) is not array or slice")
        }
        return elements
    }
}

extension JSONPath.Filter {
    func passes(_ element: JSONValue) throws(JSONPath.Failure) -> Bool {
        let found = try JSONPath.walk(path, from: [element])
        if comparison == .exists { return !found.isEmpty }
        guard let left = found.first else { return false }
        guard found.count == 1 else { throw JSONPath.Failure(description: "can only compare one element at a time") }
        let equal = try Self.equal(left, literal)
        return comparison == .equal ? equal : !equal
    }

    /// Go template equality: values of unlike kinds (an integer and a float, a string and
    /// a number, or anything with a list, a map or null) cannot be compared at all.
    static func equal(_ left: JSONValue, _ right: JSONValue) throws(JSONPath.Failure) -> Bool {
        switch (left, right) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        default: throw JSONPath.Failure(description: "incompatible types for comparison")
        }
    }
}
