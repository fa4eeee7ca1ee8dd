import Foundation

/// A compiled regular expression. NSRegularExpression is immutable once made and safe to
/// share across threads, which the compiler cannot see on every platform.
struct CELRegex: @unchecked Sendable {
    let expression: NSRegularExpression

    init(_ pattern: String) throws {
        expression = try NSRegularExpression(pattern: pattern)
    }

    /// Whether the pattern matches anywhere in the text (RE2's `matches` is unanchored).
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// The patterns a program's literals name, compiled once with the program.
struct CELRegexCache: Sendable {
    var compiled: [String: CELRegex] = [:]

    func regex(_ pattern: String) throws(CELEvalError) -> CELRegex {
        if let found = compiled[pattern] { return found }
        do {
            return try CELRegex(pattern)
        } catch {
            throw CELEvalError(message: "invalid regular expression: \(pattern)")
        }
    }
}
