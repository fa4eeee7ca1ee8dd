import KubeModel

/// Reads the JSONPath subset `JSONPath` evaluates. Anything else (slices, recursive
/// descent, unions, arithmetic) is refused rather than guessed at.
struct JSONPathParser {
    let characters: [Character]
    var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var atEnd: Bool { position >= characters.count }
    var current: Character? { atEnd ? nil : characters[position] }

    func failure(_ message: String) -> JSONPath.Failure {
        JSONPath.Failure(description: "\(message) at offset \(position) in \(String(characters))")
    }

    /// A path from the root (`.a.b`, `$.a.b`) or, inside a filter, from the element (`@.a`).
    mutating func parsePath(relative: Bool) throws(JSONPath.Failure) -> [JSONPath.Step] {
        let anchor: Character = relative ? "@" : "$"
        if current == anchor { position += 1 }
        var steps: [JSONPath.Step] = []
        while let character = current {
            switch character {
            case ".":
                position += 1
                if current == "." { throw failure("recursive descent is not supported") }
                // A lone trailing dot (the path ".") names the object itself.
                if atEnd || current == "[" { continue }
                steps.append(.field(try readFieldName()))
            case "[":
                steps.append(try readBracket())
            default:
                if relative { return steps }
                throw failure("unexpected \"\(character)\"")
            }
        }
        return steps
    }

    /// A dotted name; `\.` keeps a dot inside it (`labels.app\.kubernetes\.io/name`).
    mutating func readFieldName() throws(JSONPath.Failure) -> String {
        var name = ""
        while let character = current, character != ".", character != "[" {
            // Inside a filter the name ends where the comparison starts.
            if " =!<>)".contains(character) { break }
            if character == "\\", position + 1 < characters.count {
                position += 1
                name.append(characters[position])
            } else {
                name.append(character)
            }
            position += 1
        }
        if name.isEmpty { throw failure("empty field name") }
        if name == "*" { throw failure("the .* wildcard is not supported") }
        return name
    }

    mutating func readBracket() throws(JSONPath.Failure) -> JSONPath.Step {
        position += 1
        let step: JSONPath.Step
        switch current {
        case "?":
            step = .filter(try readFilter())
        case "*":
            position += 1
            step = .all
        case "'", "\"":
            step = .field(try readQuoted())
        default:
            var digits = ""
            while let character = current, character == "-" || character.isNumber {
                digits.append(character)
                position += 1
            }
            guard let index = Int(digits) else { throw failure("only [n], [*], ['name'] and [?(...)] are supported") }
            step = .index(index)
        }
        guard current == "]" else { throw failure("expected ]") }
        position += 1
        return step
    }

    mutating func readQuoted() throws(JSONPath.Failure) -> String {
        guard let quote = current else { throw failure("expected a quote") }
        position += 1
        var text = ""
        while let character = current, character != quote {
            if character == "\\", position + 1 < characters.count { position += 1 }
            text.append(characters[position])
            position += 1
        }
        guard current == quote else { throw failure("unterminated string") }
        position += 1
        return text
    }

    /// `?(@.path == literal)`, `?(@.path != literal)` or `?(@.path)`.
    mutating func readFilter() throws(JSONPath.Failure) -> JSONPath.Filter {
        position += 1
        guard current == "(" else { throw failure("expected ( after ?") }
        position += 1
        skipSpaces()
        guard current == "@" else { throw failure("a filter must start with @") }
        let path = try parsePath(relative: true)
        skipSpaces()
        var filter = JSONPath.Filter(path: path, comparison: .exists, literal: .null)
        if current == "=" || current == "!" {
            let negated = current == "!"
            position += 1
            guard current == "=" else { throw failure("only == and != are supported") }
            position += 1
            skipSpaces()
            filter.comparison = negated ? .notEqual : .equal
            filter.literal = try readLiteral()
            skipSpaces()
        }
        guard current == ")" else { throw failure("expected )") }
        position += 1
        return filter
    }

    mutating func readLiteral() throws(JSONPath.Failure) -> JSONValue {
        if current == "'" || current == "\"" { return .string(try readQuoted()) }
        var word = ""
        while let character = current, character != ")", character != " " {
            word.append(character)
            position += 1
        }
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            if let integer = Int64(word) { return .int(integer) }
            if let number = Double(word) { return .double(number) }
            throw failure("unsupported literal \(word)")
        }
    }

    mutating func skipSpaces() {
        while current == " " { position += 1 }
    }
}
