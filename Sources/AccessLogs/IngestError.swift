/// Why an ingest cannot run: what is wrong (naming the flag, file or line) and how to fix it.
package struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable { case flag, header, io, state }

    package var code: Code
    package var message: String
    package var fix: String

    package init(_ code: Code, _ message: String, fix: String) {
        self.code = code
        self.message = message
        self.fix = fix
    }

    package var description: String { "\(message); \(fix)" }
}
