/// A forward-only JSON reader over a byte buffer. It decodes only what the caller
/// asks for and skips the rest without building values, which keeps decoding of
/// large objects (a Node with its images and conditions) cheap.
///
/// A reader borrows its buffer: make one with `JSONReader.read(_:_:)`, never keep it.
package struct JSONReader {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index: Int

    @usableFromInline init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
    }

    /// Runs `body` with a reader over `input` and checks that nothing but whitespace follows.
    @inlinable
    package static func read<Input: Collection, Result>(
        _ input: Input, _ body: (inout JSONReader) throws -> Result
    ) throws -> Result where Input.Element == UInt8 {
        let direct = try input.withContiguousStorageIfAvailable { buffer in
            try read(buffer: buffer, body)
        }
        if let direct { return direct }
        return try Array(input).withUnsafeBufferPointer { try read(buffer: $0, body) }
    }

    @inlinable
    static func read<Result>(buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONReader) throws -> Result) throws -> Result {
        var reader = JSONReader(bytes: buffer)
        let result = try body(&reader)
        reader.skipWhitespace()
        if reader.index != buffer.count {
            throw reader.error(.syntax, "trailing characters")
        }
        return result
    }

    package enum Kind: Sendable, Hashable { case object, array, string, number, bool, null }

    /// The byte offset the reader is at, for errors its callers raise about what they read.
    package var offset: Int { index }

    @usableFromInline func error(_ code: JSONError.Code, _ message: String) -> JSONError {
        JSONError(code, message, offset: index)
    }

    @inline(__always) @inlinable mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The kind of the next value, without consuming it.
    @inline(__always) @inlinable package mutating func peekKind() throws -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw error(.syntax, "unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error(.syntax, "unexpected character")
        }
    }

    @inline(__always) @inlinable mutating func consume(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw error(.syntax, "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    @inline(__always) @inlinable mutating func consumeIfPresent(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    @inlinable mutating func consumeLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error(.syntax, "unexpected end of input") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw error(.syntax, "invalid literal")
        }
        index += count
    }

    /// Consumes `null` if it is next; object and array readers treat null as empty,
    /// as Go's encoder writes nil maps and slices that way.
    @inline(__always) @inlinable package mutating func consumeNull() throws -> Bool {
        if try peekKind() == .null {
            try consumeLiteral("null")
            return true
        }
        return false
    }

    /// Calls `body` for each member; `body` must consume the member's value.
    @inline(__always) @inlinable package mutating func readObject(_ body: (inout JSONReader, JSONKey) throws -> Void) throws {
        if try consumeNull() { return }
        try consume(UInt8(ascii: "{"))
        if consumeIfPresent(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            let key = try readKey()
            try consume(UInt8(ascii: ":"))
            let before = index
            try body(&self, key)
            if index == before { try skipValue() }
            if consumeIfPresent(UInt8(ascii: ",")) { continue }
            guard consumeIfPresent(UInt8(ascii: "}")) else { throw error(.syntax, "expected ',' or '}'") }
            return
        }
    }

    /// Calls `body` for each element; `body` must consume the element.
    @inline(__always) @inlinable package mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        if try consumeNull() { return }
        try consume(UInt8(ascii: "["))
        if consumeIfPresent(UInt8(ascii: "]")) { return }
        while true {
            let before = index
            try body(&self)
            if index == before { try skipValue() }
            if consumeIfPresent(UInt8(ascii: ",")) { continue }
            guard consumeIfPresent(UInt8(ascii: "]")) else { throw error(.syntax, "expected ',' or ']'") }
            return
        }
    }

    @inline(__always) @inlinable mutating func readKey() throws -> JSONKey {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error(.syntax, "expected a key") }
        let start = index + 1
        let (end, escaped) = try scanString(from: start)
        index = end + 1
        if escaped {
            var copy = JSONReader(bytes: bytes)
            copy.index = start - 1
            return JSONKey(base: bytes.baseAddress!, start: start, count: end - start, decoded: try copy.readString())
        }
        return JSONKey(base: bytes.baseAddress!, start: start, count: end - start, decoded: nil)
    }

    /// Finds the closing quote of a string whose contents start at `start`.
    @inline(__always) @inlinable func scanString(from start: Int) throws -> (end: Int, escaped: Bool) {
        var position = start
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { return (position, escaped) }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        throw JSONError(.syntax, "unterminated string", offset: start)
    }

    @inlinable package mutating func readString() throws -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw error(.unexpectedType, "expected a string")
        }
        let start = index + 1
        let (end, escaped) = try scanString(from: start)
        index = end + 1
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !escaped { return String(decoding: raw, as: UTF8.self) }
        return try Self.unescape(raw, offset: start)
    }

    /// A string, or nil for `null`.
    @inlinable package mutating func readOptionalString() throws -> String? {
        if try consumeNull() { return nil }
        return try readString()
    }

    @usableFromInline static func unescape(_ raw: UnsafeBufferPointer<UInt8>, offset: Int) throws -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var position = 0
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.count else { throw JSONError(.syntax, "short \\u escape", offset: offset + at) }
            var value: UInt32 = 0
            for byte in raw[at..<at + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw JSONError(.syntax, "bad \\u escape", offset: offset + at)
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { throw JSONError(.syntax, "bad escape", offset: offset + position) }
            let escape = raw[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(position)
                position += 4
                if (0xD800..<0xDC00).contains(scalar), position + 6 <= raw.count,
                   raw[position] == UInt8(ascii: "\\"), raw[position + 1] == UInt8(ascii: "u") {
                    let low = try hex4(position + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                output.append(contentsOf: Array(String(Character(character)).utf8))
            default:
                throw JSONError(.syntax, "bad escape", offset: offset + position - 1)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inlinable package mutating func readBool() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error(.syntax, "unexpected end of input") }
        if bytes[index] == UInt8(ascii: "t") {
            try consumeLiteral("true")
            return true
        }
        if bytes[index] == UInt8(ascii: "f") {
            try consumeLiteral("false")
            return false
        }
        throw error(.unexpectedType, "expected a boolean")
    }

    /// The raw text of the next number.
    @inlinable mutating func scanNumber() throws -> (start: Int, end: Int, integral: Bool) {
        skipWhitespace()
        let start = index
        var integral = true
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"): index += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                integral = false
                index += 1
            default:
                guard index > start else { throw error(.unexpectedType, "expected a number") }
                return (start, index, integral)
            }
        }
        guard index > start else { throw error(.syntax, "unexpected end of input") }
        return (start, index, integral)
    }

    @inlinable package mutating func readNumber() throws -> JSONValue {
        let (start, end, integral) = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        guard let value = Double(text) else { throw JSONError(.syntax, "bad number", offset: start) }
        return .double(value)
    }

    @inlinable package mutating func readInt() throws -> Int64 {
        guard let value = try readNumber().intValue else { throw error(.unexpectedType, "expected an integer") }
        return value
    }

    /// Skips the next value of any kind without decoding it.
    @inlinable package mutating func skipValue() throws {
        switch try peekKind() {
        case .string:
            let (end, _) = try scanString(from: index + 1)
            index = end + 1
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try consumeLiteral("null")
        case .object, .array:
            // Depth-counting scan: strings are skipped whole so brackets inside them do not count.
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    let (end, _) = try scanString(from: index + 1)
                    index = end + 1
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                default: break
                }
                index += 1
            }
            throw error(.syntax, "unterminated object or array")
        }
    }

    /// An object of strings, such as labels or annotations.
    @inlinable package mutating func readStringMap() throws -> [String: String] {
        var map: [String: String] = [:]
        try readObject { reader, key in
            map[key.string] = try reader.readString()
        }
        return map
    }

    @inlinable package mutating func readStringArray() throws -> [String] {
        var strings: [String] = []
        try readArray { reader in strings.append(try reader.readString()) }
        return strings
    }

    /// How deep `readValue` nests arrays and objects. Real objects nest a few dozen levels; past
    /// the limit a document is refused, where reading on would overflow the stack.
    package static let maxDepth = 512

    /// The next value, decoded in full.
    package mutating func readValue() throws -> JSONValue {
        try readValue(depth: 0)
    }

    mutating func readValue(depth: Int) throws -> JSONValue {
        let kind = try peekKind()
        if kind == .array || kind == .object, depth >= Self.maxDepth {
            throw error(.syntax, "nesting deeper than \(Self.maxDepth) levels")
        }
        switch kind {
        case .null:
            try consumeLiteral("null")
            return .null
        case .bool: return .bool(try readBool())
        case .number: return try readNumber()
        case .string: return .string(try readString())
        case .array:
            var elements: [JSONValue] = []
            try readArray { reader in elements.append(try reader.readValue(depth: depth + 1)) }
            return .array(elements)
        case .object:
            var members: [String: JSONValue] = [:]
            try readObject { reader, key in members[key.string] = try reader.readValue(depth: depth + 1) }
            return .object(members)
        }
    }

    /// The raw bytes of the next value, copied out undecoded.
    package mutating func readRawValue() throws -> [UInt8] {
        skipWhitespace()
        let start = index
        try skipValue()
        return Array(bytes[start..<index])
    }
}

/// An object key as it sits in the buffer; compared without allocating.
package struct JSONKey {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let start: Int
    @usableFromInline let count: Int
    @usableFromInline let decoded: String?

    @usableFromInline init(base: UnsafePointer<UInt8>, start: Int, count: Int, decoded: String?) {
        self.base = base
        self.start = start
        self.count = count
        self.decoded = decoded
    }

    @inline(__always) @inlinable package func matches(_ name: StaticString) -> Bool {
        if let decoded { return decoded == name.description }
        guard name.utf8CodeUnitCount == count else { return false }
        let other = name.utf8Start
        for offset in 0..<count where base[start + offset] != other[offset] { return false }
        return true
    }

    @inlinable package var string: String {
        if let decoded { return decoded }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self)
    }
}
