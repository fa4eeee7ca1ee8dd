import Foundation

/// Reads a hand-written text file whole, refusing what is not text with the file named (not
/// `NSCocoaErrorDomain 259`) and what is too large to be a configuration file.
package enum TextFile {
    /// Far above any guard file, kubeconfig or cluster file, far below what would strain memory.
    package static let maxBytes = 16 << 20

    package static func read(_ path: String, maxBytes: Int = TextFile.maxBytes) throws(InputError) -> String {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw InputError(.tooLarge, "\(size) bytes, above the \(maxBytes) bytes a configuration file may have", file: path)
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(.unreadable, "cannot be read: \(Self.reason(error))", file: path)
        }
        return try text(data, named: path)
    }

    /// The bytes as a String, or an error naming the file and the first byte that is not UTF-8 text.
    package static func text(_ data: Data, named name: String) throws(InputError) -> String {
        if let offset = data.firstIndex(of: 0) {
            throw InputError(.notText, "a NUL byte at offset \(offset - data.startIndex): a binary file, not YAML or JSON text", file: name)
        }
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar):
                offset += scalar.count
            case .error(let length):
                let byte = data[data.startIndex + offset]
                throw InputError(.notText, "byte 0x\(String(byte, radix: 16)) at offset \(offset) is not UTF-8 "
                    + "(\(length) bad byte\(length == 1 ? "" : "s")); save the file as UTF-8 text", file: name)
            case .emptyInput:
                return String(decoding: data, as: UTF8.self)
            }
        }
    }

    /// The system's reason without Foundation's domain and code numbers.
    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoPermissionError { return "permission denied" }
        return ns.localizedDescription
    }
}
