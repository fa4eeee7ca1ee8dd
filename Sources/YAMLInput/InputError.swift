/// A file or text people wrote that cannot be read: which one, where, and what to do.
package struct InputError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The file cannot be opened or read.
        case unreadable
        /// The bytes are not UTF-8 text (a binary file, another encoding).
        case notText
        /// Past a size or alias-expansion bound.
        case tooLarge
        /// Not valid YAML or JSON; `message` holds the line and column.
        case syntax
        /// Valid YAML whose shape is not the one expected.
        case shape
    }

    package var code: Code
    /// The file, when the input was one; `description` starts with it.
    package var file: String?
    package var message: String

    package init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.file = file
        self.message = message
    }

    package var description: String { (file.map { "\($0): " } ?? "") + message }
}
