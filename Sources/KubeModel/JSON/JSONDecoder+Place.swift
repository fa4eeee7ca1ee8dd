import Foundation

extension JSONDecoder {
    /// Decodes as `decode(_:from:)` does, but a syntax fault says where it is: Foundation's
    /// decoder on Linux says only "The given data was not valid JSON.", so on that failure the
    /// bytes are scanned again with `JSONReader` (only then: the happy path costs nothing more).
    package func decodeLocated<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // Foundation traps (SIGILL) when its 512-level limit is reached at the last byte, as in
        // {"status":{"token": and 511 "[": deeper documents never reach it.
        if let fault = Self.nestingFault(data) { throw fault }
        do {
            return try decode(T.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            _ = try JSONValue(parsing: data)
            // What Foundation refuses and KubeModel's reader lets through.
            if let offset = Self.invalidUTF8Offset(data) { throw JSONError(.syntax, "invalid UTF-8", offset: offset) }
            if let fault = Self.strictStringFault(data) { throw fault }
            // It also says so for a number that does not fit its field (1.5 or 1e10 for an Int32).
            if let fault = Self.likelyNumberFault(data) { throw fault }
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// The byte where the first invalid UTF-8 sequence starts, if any.
    static func invalidUTF8Offset(_ data: Data) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// A raw control character or a lone surrogate escape inside a string, which strict JSON refuses.
    static func strictStringFault(_ data: Data) -> JSONError? {
        let bytes = [UInt8](data)
        var index = 0
        var inString = false
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            return UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if !inString {
                if byte == UInt8(ascii: "\"") { inString = true }
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            } else if byte < 0x20 {
                return JSONError(.syntax, "a control character inside a string", offset: index)
            } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "u"), let unit = hex(index + 2), (0xD800..<0xE000).contains(unit) {
                    let paired = unit < 0xDC00 && index + 7 < bytes.count && bytes[index + 6] == UInt8(ascii: "\\")
                        && bytes[index + 7] == UInt8(ascii: "u") && hex(index + 8).map { (0xDC00..<0xE000).contains($0) } == true
                    guard paired else { return JSONError(.syntax, "a lone surrogate escape inside a string", offset: index) }
                    index += 6
                }
                index += 1
            }
            index += 1
        }
        return nil
    }

    /// The first number that no whole-number field holds (a fraction, an exponent, beyond Int64),
    /// else the first beyond Int32: the likeliest cause when Foundation refuses a valid document.
    static func likelyNumberFault(_ data: Data) -> JSONError? {
        let bytes = [UInt8](data)
        var index = 0
        var inString = false
        var beyondInt32: JSONError?
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
            guard byte == UInt8(ascii: "-") || (48...57).contains(byte) else { index += 1; continue }
            let start = index
            while index < bytes.count, [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")]
                .contains(bytes[index]) || (48...57).contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let whole = Int64(text) else {
                return JSONError(.unexpectedType, "number \(text) does not fit a whole-number field", offset: start)
            }
            if beyondInt32 == nil, Int32(exactly: whole) == nil {
                beyondInt32 = JSONError(.unexpectedType, "number \(text) is beyond a 32-bit field", offset: start)
            }
        }
        return beyondInt32
    }

    /// Where brackets outside strings first open more than `JSONReader.maxDepth` levels.
    static func nestingFault(_ data: Data) -> JSONError? {
        data.withUnsafeBytes { raw in
            var depth = 0
            var inString = false
            var index = 0
            while index < raw.count {
                let byte = raw[index]
                if inString {
                    if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        depth += 1
                        if depth > JSONReader.maxDepth {
                            return JSONError(.syntax, "nesting deeper than \(JSONReader.maxDepth) levels", offset: index)
                        }
                    case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                    default: break
                    }
                }
                index += 1
            }
            return nil
        }
    }
}
