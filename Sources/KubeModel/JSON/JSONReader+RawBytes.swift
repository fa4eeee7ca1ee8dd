/// Zero-copy reads for hot paths (access-log lines): a string's bytes as they sit in the buffer and
/// integers parsed in place, so a line can be read without allocating.
extension JSONReader {
    /// The next string's raw bytes between its quotes, valid while the reader's buffer is, and
    /// whether it holds escapes (then the bytes are still escaped; decode with `readString`).
    @inlinable package mutating func readStringBytes() throws -> (bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw error(.unexpectedType, "expected a string")
        }
        let start = index + 1
        let (end, escaped) = try scanString(from: start)
        index = end + 1
        return (UnsafeBufferPointer(rebasing: bytes[start..<end]), escaped)
    }

    /// The next value as an integer without building its text: an integral JSON number, or a
    /// string of decimal digits (some writers quote numbers). A fraction, an exponent, or more than
    /// 18 digits is an error.
    @inlinable package mutating func readIntegerInPlace() throws -> Int64 {
        skipWhitespace()
        // On failure the reader is back at the value's start, so the caller can still skip it.
        let begin = index
        do {
            return try integerInPlace()
        } catch {
            index = begin
            throw error
        }
    }

    @inlinable mutating func integerInPlace() throws -> Int64 {
        guard index < bytes.count else { throw error(.syntax, "unexpected end of input") }
        let quoted = bytes[index] == UInt8(ascii: "\"")
        if quoted { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value &* 10 &+ Int64(bytes[index] &- 0x30)
            index += 1
        }
        guard index > start, index - start <= 18 else { throw error(.unexpectedType, "expected an integer") }
        if quoted {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedType, "expected an integer") }
            index += 1
        } else if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw error(.unexpectedType, "expected an integer")
        }
        return negative ? -value : value
    }
}

extension JSONKey {
    /// The key's length in bytes as written, to tell keys apart before comparing them.
    @inlinable package var byteCount: Int { decoded?.utf8.count ?? count }
}
