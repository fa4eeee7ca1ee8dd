/// One token of a CEL expression, with the offset it starts at (for error positions).
struct CELToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case int(Int64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case identifier(String)
        case punct(String)
        case end
    }

    var kind: Kind
    var offset: Int
}

/// A compile error: the expression does not parse, or names what is not declared.
package struct CELCompileError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var offset: Int

    /// As cel-go prints it: `ERROR: <input>:1:COLUMN: message`.
    package var description: String { "ERROR: <input>:1:\(offset + 1): \(message)" }
}

/// Splits CEL source into tokens: numbers (decimal and hex, `u` for uint), strings in single,
/// double and triple quotes with escapes, raw (`r`) and bytes (`b`) strings, identifiers and
/// operators.
struct CELLexer {
    static let punctuation = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%",
                              "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"]

    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    static func tokens(_ source: String) throws(CELCompileError) -> [CELToken] {
        var lexer = CELLexer(source)
        var result: [CELToken] = []
        while true {
            let token = try lexer.next()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    mutating func next() throws(CELCompileError) -> CELToken {
        skipSpaceAndComments()
        let start = position
        guard let first = peek() else { return CELToken(kind: .end, offset: start) }
        if ("0"..."9").contains(first) || (first == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return CELToken(kind: try number(), offset: start)
        }
        if first == "\"" || first == "'" {
            return CELToken(kind: .string(try quoted(raw: false)), offset: start)
        }
        if isIdentifierStart(first) {
            // String prefixes: r"..." raw, b"..." bytes, and both together.
            var prefix = ""
            var index = 0
            while let scalar = peek(index), "rRbB".unicodeScalars.contains(scalar), index < 2 {
                prefix.unicodeScalars.append(scalar)
                index += 1
            }
            let lowered = prefix.lowercased()
            if !prefix.isEmpty, let quote = peek(index), quote == "\"" || quote == "'",
               ["r", "b", "rb", "br"].contains(lowered) {
                position += index
                let text = try quoted(raw: lowered.contains("r"))
                return CELToken(kind: lowered.contains("b") ? .bytes(Array(text.utf8)) : .string(text), offset: start)
            }
            var name = ""
            while let scalar = peek(), isIdentifierStart(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
                position += 1
            }
            return CELToken(kind: .identifier(name), offset: start)
        }
        for punct in Self.punctuation {
            let punctScalars = Array(punct.unicodeScalars)
            if (0..<punctScalars.count).allSatisfy({ peek($0) == punctScalars[$0] }) {
                position += punctScalars.count
                return CELToken(kind: .punct(punct), offset: start)
            }
        }
        throw CELCompileError(message: "Syntax error: token recognition error at: '\(first)'", offset: start)
    }

    func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    mutating func skipSpaceAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                position += 1
            } else if scalar == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func number() throws(CELCompileError) -> CELToken.Kind {
        let start = position
        var text = ""
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            position += 2
            while let scalar = peek(), scalar.properties.isASCIIHexDigit {
                text.unicodeScalars.append(scalar)
                position += 1
            }
            if peek() == "u" || peek() == "U" {
                position += 1
                guard let value = UInt64(text, radix: 16) else { throw CELCompileError(message: "invalid uint literal", offset: start) }
                return .uint(value)
            }
            guard let value = Int64(text, radix: 16) else { throw CELCompileError(message: "invalid int literal", offset: start) }
            return .int(value)
        }
        var isDouble = false
        while let scalar = peek(), ("0"..."9").contains(scalar) { text.unicodeScalars.append(scalar); position += 1 }
        if peek() == ".", let after = peek(1), ("0"..."9").contains(after) {
            isDouble = true
            text.append(".")
            position += 1
            while let scalar = peek(), ("0"..."9").contains(scalar) { text.unicodeScalars.append(scalar); position += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var exponent = "e"
            var index = 1
            if let sign = peek(index), sign == "+" || sign == "-" { exponent.unicodeScalars.append(sign); index += 1 }
            if let digit = peek(index), ("0"..."9").contains(digit) {
                isDouble = true
                position += index
                while let scalar = peek(), ("0"..."9").contains(scalar) { exponent.unicodeScalars.append(scalar); position += 1 }
                text += exponent
            }
        }
        if isDouble {
            guard let value = Double(text) else { throw CELCompileError(message: "invalid double literal", offset: start) }
            return .double(value)
        }
        if peek() == "u" || peek() == "U" {
            position += 1
            guard let value = UInt64(text) else { throw CELCompileError(message: "invalid uint literal", offset: start) }
            return .uint(value)
        }
        guard let value = Int64(text) else { throw CELCompileError(message: "invalid int literal", offset: start) }
        return .int(value)
    }

    /// A quoted string at the current position (the opening quote is next).
    mutating func quoted(raw: Bool) throws(CELCompileError) -> String {
        let start = position
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var text = ""
        while true {
            guard let scalar = peek() else {
                throw CELCompileError(message: "Syntax error: token recognition error at: unterminated string", offset: start)
            }
            if scalar == quote {
                if !triple { position += 1; return text }
                if peek(1) == quote, peek(2) == quote { position += 3; return text }
            }
            if !triple, scalar == "\n" || scalar == "\r" {
                throw CELCompileError(message: "Syntax error: token recognition error at: newline in string", offset: start)
            }
            if scalar == "\\", !raw {
                position += 1
                text.unicodeScalars.append(try escape(start: start))
                continue
            }
            text.unicodeScalars.append(scalar)
            position += 1
        }
    }

    mutating func escape(start: Int) throws(CELCompileError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw CELCompileError(message: "Syntax error: invalid escape", offset: start) }
        position += 1
        switch scalar {
        case "\\": return "\\"
        case "\"": return "\""
        case "'": return "'"
        case "`": return "`"
        case "?": return "?"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "x", "X": return try hexEscape(digits: 2, start: start)
        case "u": return try hexEscape(digits: 4, start: start)
        case "U": return try hexEscape(digits: 8, start: start)
        case "0"..."3":
            var value = scalar.value - 48
            for _ in 0..<2 {
                guard let digit = peek(), ("0"..."7").contains(digit) else {
                    throw CELCompileError(message: "Syntax error: invalid octal escape", offset: start)
                }
                value = value * 8 + digit.value - 48
                position += 1
            }
            return Unicode.Scalar(value)!
        default:
            throw CELCompileError(message: "Syntax error: invalid escape sequence '\\\(scalar)'", offset: start)
        }
    }

    mutating func hexEscape(digits: Int, start: Int) throws(CELCompileError) -> Unicode.Scalar {
        var text = ""
        for _ in 0..<digits {
            guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                throw CELCompileError(message: "Syntax error: invalid hex escape", offset: start)
            }
            text.unicodeScalars.append(digit)
            position += 1
        }
        guard let value = UInt32(text, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw CELCompileError(message: "Syntax error: invalid unicode escape", offset: start)
        }
        return scalar
    }
}
