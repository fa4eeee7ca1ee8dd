/// Recursive descent over CEL's grammar, lowest precedence first:
/// `?:`, `||`, `&&`, relations (`< <= >= > == != in`), `+ -`, `* / %`, unary `! -`,
/// member access (`.f`, `.f(...)`, `[i]`), primaries.
struct CELParser {
    static let reserved: Set<String> = ["as", "break", "const", "continue", "else", "for", "function", "if", "import",
                                        "let", "loop", "package", "namespace", "return", "var", "void", "while"]
    static let maxDepth = 100

    var tokens: [CELToken]
    var position = 0
    var depth = 0

    static func parse(_ source: String) throws(CELCompileError) -> CELExpr {
        var parser = CELParser(tokens: try CELLexer.tokens(source))
        let expression = try parser.expression()
        guard case .end = parser.current.kind else {
            throw CELCompileError(message: "Syntax error: mismatched input '\(parser.describe(parser.current))' expecting <EOF>",
                                  offset: parser.current.offset)
        }
        return expression
    }

    var current: CELToken { tokens[position] }

    func describe(_ token: CELToken) -> String {
        switch token.kind {
        case .int(let value): String(value)
        case .uint(let value): "\(value)u"
        case .double(let value): String(value)
        case .string(let value): "'\(value)'"
        case .bytes: "b'...'"
        case .identifier(let name): name
        case .punct(let punct): punct
        case .end: "<EOF>"
        }
    }

    func isPunct(_ punct: String) -> Bool {
        if case .punct(let found) = current.kind { return found == punct }
        return false
    }

    mutating func accept(_ punct: String) -> Bool {
        guard isPunct(punct) else { return false }
        position += 1
        return true
    }

    mutating func expect(_ punct: String) throws(CELCompileError) {
        guard accept(punct) else {
            throw CELCompileError(message: "Syntax error: mismatched input '\(describe(current))' expecting '\(punct)'",
                                  offset: current.offset)
        }
    }

    mutating func expression() throws(CELCompileError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else {
            throw CELCompileError(message: "expression recursion limit exceeded", offset: current.offset)
        }
        let condition = try conditionalOr()
        guard accept("?") else { return condition }
        let whenTrue = try conditionalOr()
        try expect(":")
        let whenFalse = try expression()
        return .conditional(condition, whenTrue, whenFalse)
    }

    mutating func conditionalOr() throws(CELCompileError) -> CELExpr {
        var left = try conditionalAnd()
        while accept("||") { left = .or(left, try conditionalAnd()) }
        return left
    }

    mutating func conditionalAnd() throws(CELCompileError) -> CELExpr {
        var left = try relation()
        while accept("&&") { left = .and(left, try relation()) }
        return left
    }

    mutating func relation() throws(CELCompileError) -> CELExpr {
        var left = try addition()
        while true {
            let offset = current.offset
            let op: CELBinaryOperator
            if case .identifier("in") = current.kind {
                op = .in
            } else if case .punct(let punct) = current.kind,
                      let found = CELBinaryOperator(rawValue: punct), [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(found) {
                op = found
            } else {
                return left
            }
            position += 1
            left = .binary(op, left, try addition(), offset: offset)
        }
    }

    mutating func addition() throws(CELCompileError) -> CELExpr {
        var left = try multiplication()
        while case .punct(let punct) = current.kind, punct == "+" || punct == "-" {
            let offset = current.offset
            position += 1
            left = .binary(punct == "+" ? .add : .subtract, left, try multiplication(), offset: offset)
        }
        return left
    }

    mutating func multiplication() throws(CELCompileError) -> CELExpr {
        var left = try unary()
        while case .punct(let punct) = current.kind, let op = CELBinaryOperator(rawValue: punct),
              [.multiply, .divide, .remainder].contains(op) {
            let offset = current.offset
            position += 1
            left = .binary(op, left, try unary(), offset: offset)
        }
        return left
    }

    mutating func unary() throws(CELCompileError) -> CELExpr {
        let offset = current.offset
        if accept("!") { return .not(try unary()) }
        if accept("-") {
            // A negative literal is folded, so -9223372036854775808 is representable.
            if case .int(let value) = current.kind, value >= 0 {
                position += 1
                return try member(.literal(.int(-value)))
            }
            return .negate(try unary(), offset: offset)
        }
        return try member(try primary())
    }

    mutating func member(_ start: CELExpr) throws(CELCompileError) -> CELExpr {
        var result = start
        while true {
            let offset = current.offset
            if accept(".") {
                guard case .identifier(let name) = current.kind else {
                    throw CELCompileError(message: "Syntax error: no viable alternative at input '.\(describe(current))'", offset: current.offset)
                }
                position += 1
                if accept("(") {
                    let arguments = try argumentList(close: ")")
                    result = try method(name, target: result, arguments: arguments, offset: offset)
                } else {
                    result = .select(result, name, offset: offset)
                }
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                result = .index(result, index, offset: offset)
            } else {
                return result
            }
        }
    }

    mutating func argumentList(close: String) throws(CELCompileError) -> [CELExpr] {
        var arguments: [CELExpr] = []
        if accept(close) { return arguments }
        repeat {
            if isPunct(close) { break } // a trailing comma
            arguments.append(try expression())
        } while accept(",")
        try expect(close)
        return arguments
    }

    /// A method call, or one of the list macros.
    func method(_ name: String, target: CELExpr, arguments: [CELExpr], offset: Int) throws(CELCompileError) -> CELExpr {
        guard let macro = CELMacro(rawValue: name) else {
            return .call(name, target: target, arguments: arguments, offset: offset)
        }
        let counts = macro == .map ? [2, 3] : [2]
        guard counts.contains(arguments.count) else {
            return .call(name, target: target, arguments: arguments, offset: offset)
        }
        guard case .identifier(let variable, _) = arguments[0] else {
            throw CELCompileError(message: "argument must be a simple name", offset: offset)
        }
        if arguments.count == 3 {
            return .comprehension(macro, range: target, variable: variable, predicate: arguments[1], transform: arguments[2], offset: offset)
        }
        if macro == .map {
            return .comprehension(macro, range: target, variable: variable, predicate: .literal(.bool(true)), transform: arguments[1], offset: offset)
        }
        return .comprehension(macro, range: target, variable: variable, predicate: arguments[1], transform: nil, offset: offset)
    }

    mutating func primary() throws(CELCompileError) -> CELExpr {
        let token = current
        switch token.kind {
        case .int(let value): position += 1; return .literal(.int(value))
        case .uint(let value): position += 1; return .literal(.uint(value))
        case .double(let value): position += 1; return .literal(.double(value))
        case .string(let value): position += 1; return .literal(.string(value))
        case .bytes(let value): position += 1; return .literal(.bytes(value))
        case .identifier(let name):
            position += 1
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            if Self.reserved.contains(name) || name == "in" {
                throw CELCompileError(message: "Syntax error: reserved identifier: \(name)", offset: token.offset)
            }
            guard accept("(") else { return .identifier(name, offset: token.offset) }
            let arguments = try argumentList(close: ")")
            if name == "has" {
                guard arguments.count == 1, case .select(let target, let field, _) = arguments[0] else {
                    throw CELCompileError(message: "invalid argument to has() macro", offset: token.offset)
                }
                return .has(target, field)
            }
            return .call(name, target: nil, arguments: arguments, offset: token.offset)
        case .punct("("):
            position += 1
            let inner = try expression()
            try expect(")")
            return inner
        case .punct("["):
            position += 1
            return .list(try argumentList(close: "]"))
        case .punct("{"):
            position += 1
            var entries: [(key: CELExpr, value: CELExpr)] = []
            if !accept("}") {
                repeat {
                    if isPunct("}") { break }
                    let key = try expression()
                    try expect(":")
                    entries.append((key, try expression()))
                } while accept(",")
                try expect("}")
            }
            return .map(entries, offset: token.offset)
        case .punct("."):
            // A leading dot names the root scope: `.self` is `self`.
            position += 1
            guard case .identifier(let name) = current.kind else {
                throw CELCompileError(message: "Syntax error: no viable alternative at input '.'", offset: token.offset)
            }
            position += 1
            return .identifier(name, offset: token.offset)
        case .end:
            throw CELCompileError(message: "Syntax error: mismatched input '<EOF>' expecting an expression", offset: token.offset)
        case .punct(let punct):
            throw CELCompileError(message: "Syntax error: mismatched input '\(punct)' expecting an expression", offset: token.offset)
        }
    }
}
