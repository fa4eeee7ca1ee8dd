import KubeModel

/// Walks an untyped object, converting fields and collecting every problem with its full path.
/// Collecting (instead of throwing at the first) lets a user fix a whole spec in one pass.
package final class FieldReader {
    package let path: String
    private let fields: [String: JSONValue]
    private let problems: ProblemList
    private var read: Set<String> = []

    package final class ProblemList {
        package var errors: [SpecError] = []
        package init() {}
    }

    package init(_ value: JSONValue?, path: String, problems: ProblemList) {
        self.path = path
        self.problems = problems
        switch value {
        case .object(let fields): self.fields = fields
        case nil, .null: self.fields = [:]
        case .some(let other):
            self.fields = [:]
            problems.errors.append(SpecError(field: path, problem: "is \(other.typeName); expected an object"))
        }
    }

    package func fail(_ key: String, _ problem: String) {
        problems.errors.append(SpecError(field: "\(path).\(key)", problem: problem))
    }

    private func value(_ key: String) -> JSONValue? {
        read.insert(key)
        if case .null = fields[key] { return nil }
        return fields[key]
    }

    package func has(_ key: String) -> Bool { value(key) != nil }

    package func rawValue(_ key: String) -> JSONValue? { value(key) }

    package func object(_ key: String) -> FieldReader {
        FieldReader(value(key), path: "\(path).\(key)", problems: problems)
    }

    package func string(_ key: String) -> String? {
        guard let found = value(key) else { return nil }
        guard case .string(let text) = found else {
            fail(key, "is \(found.typeName); expected a string")
            return nil
        }
        return text
    }

    package func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let found = value(key) else { return fallback }
        guard case .bool(let flag) = found else {
            fail(key, "is \(found.typeName); expected true or false")
            return fallback
        }
        return flag
    }

    package func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let found = value(key) else { return nil }
        guard let number = found.numberValue, number.rounded() == number, number.magnitude < 1e15 else {
            fail(key, "is \(found.typeName == "a number" ? "not a whole number" : found.typeName); expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        guard range.contains(Int(number)) else {
            fail(key, "\(Int(number)) is out of range; use a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Int(number)
    }

    package func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let found = value(key) else { return nil }
        guard let number = found.numberValue else {
            fail(key, "is \(found.typeName); expected a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        guard range.contains(number) else {
            fail(key, "\(number) is out of range; use a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    package func money(_ key: String) -> Money? {
        guard let found = value(key) else { return nil }
        switch found {
        case .string(let text):
            guard let amount = Money(parsing: text) else {
                fail(key, "\"\(text)\" is not a decimal amount such as \"12.00\"")
                return nil
            }
            return amount
        case .int, .double:
            let number = found.numberValue!
            fail(key, "\(number) is a number; write it as a quoted decimal string such as \"\(number)\"")
            return nil
        default:
            fail(key, "is \(found.typeName); expected a decimal string such as \"12.00\"")
            return nil
        }
    }

    package func duration(_ key: String, default fallback: GoDuration, minimum: Double = 0) -> GoDuration {
        guard let text = string(key) else { return fallback }
        guard let duration = GoDuration(parsing: text) else {
            fail(key, "\"\(text)\" is not a duration; write it like \"15s\", \"10m\" or \"1h\"")
            return fallback
        }
        guard duration.seconds >= minimum else {
            fail(key, "\"\(text)\" is too short; use at least \(GoDuration(seconds: minimum))")
            return fallback
        }
        return duration
    }

    package func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default fallback: Choice) -> Choice
        where Choice.RawValue == String {
        guard let text = string(key) else { return fallback }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            fail(key, "\"\(text)\" is not one of \(allowed)")
            return fallback
        }
        return choice
    }

    package func stringMap(_ key: String) -> [String: String] {
        let inner = object(key)
        var result: [String: String] = [:]
        for name in inner.fields.keys.sorted() {
            if let text = inner.string(name) { result[name] = text }
        }
        return result
    }

    package func moneyMap(_ key: String) -> [String: Money] {
        let inner = object(key)
        var result: [String: Money] = [:]
        for name in inner.fields.keys.sorted() {
            if let amount = inner.money(name) { result[name] = amount }
        }
        return result
    }

    package func list(_ key: String) -> [JSONValue] {
        guard let found = value(key) else { return [] }
        guard case .array(let items) = found else {
            fail(key, "is \(found.typeName); expected a list")
            return []
        }
        return items
    }

    package func selector(_ key: String) -> LabelSelector? {
        guard has(key) else { return nil }
        let inner = object(key)
        let labels = inner.has("matchLabels") ? inner.stringMap("matchLabels") : nil
        var requirements: [LabelSelectorRequirement] = []
        for (index, item) in inner.list("matchExpressions").enumerated() {
            let requirement = FieldReader(item, path: "\(inner.path).matchExpressions[\(index)]", problems: problems)
            let key = requirement.string("key") ?? ""
            if key.isEmpty { requirement.fail("key", "is missing; name the label key to match") }
            let op: LabelSelectorRequirement.Operator? = requirement.string("operator").flatMap { text in
                guard let op = LabelSelectorRequirement.Operator(rawValue: text) else {
                    requirement.fail("operator", "\"\(text)\" is not one of In, NotIn, Exists, DoesNotExist")
                    return nil
                }
                return op
            }
            let values = requirement.list("values").compactMap { value -> String? in
                if case .string(let text) = value { return text }
                requirement.fail("values", "holds \(value.typeName); expected strings")
                return nil
            }
            if let op {
                if (op == .in || op == .notIn) && values.isEmpty {
                    requirement.fail("values", "must not be empty for operator \(op.rawValue)")
                }
                if (op == .exists || op == .doesNotExist) && !values.isEmpty {
                    requirement.fail("values", "must be empty for operator \(op.rawValue)")
                }
                requirements.append(LabelSelectorRequirement(key: key, operator: op, values: values.isEmpty ? nil : values))
            } else if requirement.string("operator") == nil {
                requirement.fail("operator", "is missing; use In, NotIn, Exists or DoesNotExist")
            }
            requirement.rejectUnknown()
        }
        inner.rejectUnknown()
        return LabelSelector(matchLabels: labels, matchExpressions: requirements.isEmpty ? nil : requirements)
    }

    /// Unknown fields are errors: a misspelt field silently ignored is a guard that does not guard.
    package func rejectUnknown() {
        for key in fields.keys.sorted() where !read.contains(key) {
            let known = read.sorted().joined(separator: ", ")
            fail(key, "is not a known field; known fields here are \(known)")
        }
    }
}
