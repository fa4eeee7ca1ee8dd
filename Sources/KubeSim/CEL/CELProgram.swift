import KubeModel

/// A compiled CEL expression: parsed once, its names checked and its literal regular
/// expressions compiled, then evaluated as often as needed.
package struct CELProgram: Sendable {
    package let source: String
    let expression: CELExpr
    let regexes: CELRegexCache
    /// Whether the expression reads `oldSelf` (a transition rule).
    package let referencesOldSelf: Bool

    /// Compiles `source`, with `variables` the names it may read (`self`, `oldSelf`).
    package init(_ source: String, variables: Set<String> = ["self", "oldSelf"]) throws(CELCompileError) {
        self.source = source
        expression = try CELParser.parse(source)
        var checker = CELChecker(declared: variables)
        try checker.check(expression)
        var cache = CELRegexCache()
        for pattern in checker.literalPatterns {
            do {
                cache.compiled[pattern.pattern] = try CELRegex(pattern.pattern)
            } catch {
                throw CELCompileError(message: "invalid matches argument: error parsing regexp: \(pattern.pattern)", offset: pattern.offset)
            }
        }
        regexes = cache
        referencesOldSelf = checker.used.contains("oldSelf")
    }

    /// Evaluates with the given variables.
    func evaluate(_ variables: [String: CELValue]) throws(CELEvalError) -> CELValue {
        try CELEvaluator(variables: variables, regexes: regexes).evaluate(expression)
    }

    /// Evaluates with JSON values for the variables (for tests and callers outside KubeSim).
    package func evaluate(json variables: [String: JSONValue]) throws(CELEvalError) -> JSONValue {
        try evaluate(variables.mapValues { CELValue(json: $0) }).json
    }
}

/// The compile-time checks cel-go's checker makes that an untyped interpreter can: every
/// name is declared and every function exists.
struct CELChecker {
    var declared: Set<String>
    var used: Set<String> = []
    var literalPatterns: [(pattern: String, offset: Int)] = []

    mutating func check(_ expression: CELExpr) throws(CELCompileError) {
        switch expression {
        case .literal: break
        case .identifier(let name, let offset):
            guard declared.contains(name) else {
                throw CELCompileError(message: "undeclared reference to '\(name)' (in container '')", offset: offset)
            }
            used.insert(name)
        case .select(let target, _, _), .has(let target, _), .not(let target), .negate(let target, _):
            try check(target)
        case .index(let target, let index, _):
            try check(target)
            try check(index)
        case .call(let name, let target, let arguments, let offset):
            let known = target == nil ? CELFunctions.globals.contains(name) : CELFunctions.methods.contains(name)
            guard known else {
                let note = CELFunctions.unsupported.contains(name) || CELFunctions.globals.contains(name) || CELFunctions.methods.contains(name)
                    ? " (KubeSim's CEL does not support \(name)\(target == nil ? "()" : " as a method") with \(arguments.count) argument(s); see docs/kubesim.md)" : ""
                throw CELCompileError(message: "undeclared reference to '\(name)' (in container '')\(note)", offset: offset)
            }
            let count = arguments.count + (target == nil ? 0 : 1)
            guard CELFunctions.arities[name]?.contains(count) ?? true else {
                throw CELCompileError(message: "found no matching overload for '\(name)' applied to \(count) argument(s)", offset: offset)
            }
            if let target { try check(target) }
            for argument in arguments { try check(argument) }
            if name == "matches", case .literal(.string(let pattern)) = arguments.last {
                literalPatterns.append((pattern, offset))
            }
        case .binary(_, let left, let right, _), .and(let left, let right), .or(let left, let right):
            try check(left)
            try check(right)
        case .conditional(let condition, let whenTrue, let whenFalse):
            try check(condition)
            try check(whenTrue)
            try check(whenFalse)
        case .list(let elements):
            for element in elements { try check(element) }
        case .map(let entries, _):
            for entry in entries {
                try check(entry.key)
                try check(entry.value)
            }
        case .comprehension(_, let range, let variable, let predicate, let transform, _):
            try check(range)
            let outer = declared
            declared.insert(variable)
            try check(predicate)
            if let transform { try check(transform) }
            declared = outer
        }
    }
}

extension CELValue {
    /// The value as JSON: durations and timestamps as the strings `string()` gives.
    var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .uint(let value): Int64(exactly: value).map(JSONValue.int) ?? .double(Double(value))
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .bytes(let value): .string(String(decoding: value, as: UTF8.self))
        case .list(let values): .array(values.map(\.json))
        case .map(let entries):
            .object(Dictionary(entries.map { (CELFunctions.display($0.key), $0.value.json) }, uniquingKeysWith: { first, _ in first }))
        case .duration, .timestamp: .string(CELFunctions.string(of: self) ?? "")
        }
    }
}
