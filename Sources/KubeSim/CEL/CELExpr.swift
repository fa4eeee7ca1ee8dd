/// A parsed CEL expression. Macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`)
/// are expanded by the parser into their own cases.
indirect enum CELExpr: Sendable {
    case literal(CELValue)
    case identifier(String, offset: Int)
    case select(CELExpr, String, offset: Int)
    /// `has(target.field)`.
    case has(CELExpr, String)
    case index(CELExpr, CELExpr, offset: Int)
    /// A function or method call; `target` is the receiver of a method.
    case call(String, target: CELExpr?, arguments: [CELExpr], offset: Int)
    case not(CELExpr)
    case negate(CELExpr, offset: Int)
    case binary(CELBinaryOperator, CELExpr, CELExpr, offset: Int)
    case and(CELExpr, CELExpr)
    case or(CELExpr, CELExpr)
    case conditional(CELExpr, CELExpr, CELExpr)
    case list([CELExpr])
    case map([(key: CELExpr, value: CELExpr)], offset: Int)
    /// `range.all(variable, body)` and the other list macros; `transform` is map's last argument.
    case comprehension(CELMacro, range: CELExpr, variable: String, predicate: CELExpr, transform: CELExpr?, offset: Int)
}

enum CELBinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in"

    /// cel-go's name of the overload, for `no such overload` messages.
    var functionName: String {
        switch self {
        case .in: "@in"
        default: "_\(rawValue)_"
        }
    }
}

enum CELMacro: String, Sendable, CaseIterable {
    case all, exists, existsOne = "exists_one", map, filter
}
