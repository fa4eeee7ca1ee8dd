/// `--conversion "METHOD PATH-PREFIX"`: a request that matches and is answered 2xx converts.
package struct ConversionRule: Sendable, Hashable {
    package var method: [UInt8]
    package var pathPrefix: [UInt8]

    /// Parses "POST /checkout"; the error names the flag and shows the form.
    package init(parsing text: String) throws(IngestError) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[1].hasPrefix("/"), parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw IngestError(.flag, "--conversion \"\(text)\" is not METHOD PATH-PREFIX",
                              fix: "give an upper-case method and a path starting with /, such as --conversion \"POST /checkout\"")
        }
        method = Array(parts[0].utf8)
        pathPrefix = Array(parts[1].utf8)
    }

    /// The rule as given: "POST /checkout".
    package var text: String { String(decoding: method, as: UTF8.self) + " " + String(decoding: pathPrefix, as: UTF8.self) }

    @inline(__always) func matches(method: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard method.count == self.method.count, path.count >= pathPrefix.count else { return false }
        return method.elementsEqual(self.method) && path.prefix(pathPrefix.count).elementsEqual(pathPrefix)
    }
}
