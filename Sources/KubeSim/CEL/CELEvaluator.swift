/// An evaluation error, worded as cel-go words it (`no such key: name`, `no such overload`, ...).
package struct CELEvalError: Error, Sendable, CustomStringConvertible, Equatable {
    package var message: String
    package var description: String { message }

    static func noSuchOverload(_ function: String, _ arguments: [CELValue]) -> CELEvalError {
        CELEvalError(message: "no such overload: \(function)(\(arguments.map(\.typeName).joined(separator: ", ")))")
    }
}

/// Walks an expression with the variables in scope. `&&`, `||` and the `all`/`exists` macros
/// absorb errors as CEL does: `false && error` is false, `true || error` is true, and an
/// error only surfaces when no other operand decides the result.
struct CELEvaluator {
    var variables: [String: CELValue]
    let regexes: CELRegexCache

    func evaluate(_ expression: CELExpr) throws(CELEvalError) -> CELValue {
        switch expression {
        case .literal(let value):
            return value
        case .identifier(let name, _):
            guard let value = variables[name] else { throw CELEvalError(message: "no such attribute: \(name)") }
            return value
        case .select(let target, let field, _):
            let value = try evaluate(target)
            guard case .map = value else { throw CELEvalError.noSuchOverload("_.\(field)", [value]) }
            guard let found = value.lookup(.string(field)) else { throw CELEvalError(message: "no such key: \(field)") }
            return found
        case .has(let target, let field):
            let value = try evaluate(target)
            guard case .map = value else { throw CELEvalError(message: "invalid type for field selection.") }
            return .bool(value.lookup(.string(field)) != nil)
        case .index(let target, let index, _):
            return try CELFunctions.index(try evaluate(target), try evaluate(index))
        case .call(let name, let target, let arguments, _):
            let receiver = try target.map { (expression) throws(CELEvalError) in try evaluate(expression) }
            var values: [CELValue] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try CELFunctions.call(name, target: receiver, arguments: values, regexes: regexes)
        case .not(let operand):
            let value = try evaluate(operand)
            guard case .bool(let bool) = value else { throw CELEvalError.noSuchOverload("!_", [value]) }
            return .bool(!bool)
        case .negate(let operand, _):
            let value = try evaluate(operand)
            switch value {
            case .int(let int):
                guard int != .min else { throw CELEvalError(message: "integer overflow") }
                return .int(-int)
            case .double(let double): return .double(-double)
            case .duration(let nanos): return .duration(-nanos)
            default: throw CELEvalError.noSuchOverload("-_", [value])
            }
        case .binary(let op, let left, let right, _):
            return try CELFunctions.binary(op, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            return try logical(left, right, deciding: false, name: "_&&_")
        case .or(let left, let right):
            return try logical(left, right, deciding: true, name: "_||_")
        case .conditional(let condition, let whenTrue, let whenFalse):
            let value = try evaluate(condition)
            guard case .bool(let bool) = value else { throw CELEvalError.noSuchOverload("_?_:_", [value]) }
            return try evaluate(bool ? whenTrue : whenFalse)
        case .list(let elements):
            var values: [CELValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case .map(let entries, _):
            var map: [CELValue: CELValue] = [:]
            for entry in entries {
                let key = try evaluate(entry.key)
                switch key {
                case .string, .int, .uint, .bool: break
                default: throw CELEvalError(message: "unsupported map key type: \(key.typeName)")
                }
                if map[key] != nil { throw CELEvalError(message: "Failed with repeated key") }
                map[key] = try evaluate(entry.value)
            }
            return .map(map)
        case .comprehension(let macro, let range, let variable, let predicate, let transform, _):
            return try comprehension(macro, range: try evaluate(range), variable: variable, predicate: predicate, transform: transform)
        }
    }

    /// `&&` (deciding false) and `||` (deciding true), commutative over errors.
    func logical(_ left: CELExpr, _ right: CELExpr, deciding: Bool, name: String) throws(CELEvalError) -> CELValue {
        var firstError: CELEvalError?
        for operand in [left, right] {
            do throws(CELEvalError) {
                let value = try evaluate(operand)
                guard case .bool(let bool) = value else { throw CELEvalError.noSuchOverload(name, [value]) }
                if bool == deciding { return .bool(deciding) }
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return .bool(!deciding)
    }

    func comprehension(_ macro: CELMacro, range: CELValue, variable: String, predicate: CELExpr,
                       transform: CELExpr?) throws(CELEvalError) -> CELValue {
        let elements: [CELValue]
        switch range {
        case .list(let list): elements = list
        case .map(let map): elements = map.keys.sorted { CELFunctions.sortKey($0) < CELFunctions.sortKey($1) }
        default: throw CELEvalError(message: "expression of type '\(range.typeName)' cannot be range of a comprehension (must be list, map, or dynamic)")
        }
        var scope = self
        func test(_ element: CELValue) throws(CELEvalError) -> Bool {
            scope.variables[variable] = element
            let value = try scope.evaluate(predicate)
            guard case .bool(let bool) = value else { throw CELEvalError.noSuchOverload(macro.rawValue, [value]) }
            return bool
        }
        switch macro {
        case .all, .exists:
            let deciding = macro == .exists
            var firstError: CELEvalError?
            for element in elements {
                do throws(CELEvalError) {
                    if try test(element) == deciding { return .bool(deciding) }
                } catch {
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError { throw firstError }
            return .bool(!deciding)
        case .existsOne:
            var count = 0
            for element in elements where try test(element) { count += 1 }
            return .bool(count == 1)
        case .filter:
            var kept: [CELValue] = []
            for element in elements where try test(element) { kept.append(element) }
            return .list(kept)
        case .map:
            var mapped: [CELValue] = []
            for element in elements where try test(element) {
                scope.variables[variable] = element
                mapped.append(try scope.evaluate(transform!))
            }
            return .list(mapped)
        }
    }
}
