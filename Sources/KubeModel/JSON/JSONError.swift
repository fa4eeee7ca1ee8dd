/// A malformed or unexpected JSON document.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case syntax, unexpectedType, invalidPointer, testFailed, missingField
    }

    public var code: Code
    public var message: String
    /// Byte offset in the input, when the error came from parsing.
    public var offset: Int?

    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "JSON \(code.rawValue) at byte \(offset): \(message)" }
        return "JSON \(code.rawValue): \(message)"
    }
}
