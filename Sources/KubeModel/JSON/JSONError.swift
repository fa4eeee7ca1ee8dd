/// A malformed or unexpected JSON document.
package struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        case syntax, unexpectedType, invalidPointer, testFailed, missingField
    }

    package var code: Code
    package var message: String
    /// Byte offset in the input, when the error came from parsing.
    package var offset: Int?

    package init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    package var description: String {
        if let offset { return "JSON \(code.rawValue) at byte \(offset): \(message)" }
        return "JSON \(code.rawValue): \(message)"
    }
}
