import Foundation

/// A cursor over one line of JSON bytes. Frames are parsed with it directly, without building a
/// document, because parsing is what bounds replay speed (a month of frames is ~250 MB of text).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    struct Failure: Error {
        var problem: String
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always)
    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: StaticString) throws(Failure) {
        if index < bytes.count, bytes[index] == byte {
            index += 1
            return
        }
        guard peek() == byte else { throw Failure(problem: "expected \(what) at column \(index + 1)") }
        index += 1
    }

    /// Consumes `byte` if it is next.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// The raw bytes of a string without escapes (keys, prefixes); nil if it holds escapes.
    /// Frame strings are short (keys, prefixes, routes): a plain loop beats memchr's call.
    @inline(__always)
    mutating func rawString() throws(Failure) -> UnsafeBufferPointer<UInt8>? {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return escaped ? nil : UnsafeBufferPointer(start: bytes.baseAddress! + start, count: index - 1 - start)
            }
            if byte == UInt8(ascii: "\\") { escaped = true; index += 1 }
            index += 1
        }
        throw Failure(problem: "a string is not closed")
    }

    /// A string value, escapes decoded.
    mutating func string() throws(Failure) -> String {
        let start = index
        if let raw = try rawString() { return String(decoding: raw, as: UTF8.self) }
        let quoted = Data(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        guard let text = try? JSONDecoder().decode(String.self, from: quoted) else {
            throw Failure(problem: "a string has a bad escape at column \(start + 1)")
        }
        return text
    }

    /// A JSON number, with the exact fast path for short decimals and strtod for the rest.
    mutating func number() throws(Failure) -> Double {
        skipSpace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0
        while index < bytes.count, bytes[index] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48); digits += 1 } else { exponent += 1 }
            index += 1
        }
        guard index > start + (negative ? 1 : 0) else {
            throw Failure(problem: "expected a number at column \(start + 1)")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48); digits += 1; exponent -= 1 }
                index += 1
            }
            guard index > fractionStart else { throw Failure(problem: "a number has no digits after '.' at column \(start + 1)") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var sign = 1, value = 0, count = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                if bytes[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            while index < bytes.count, bytes[index] &- 48 < 10 {
                value = min(value * 10 + Int(bytes[index] &- 48), 100_000); count += 1; index += 1
            }
            guard count > 0 else { throw Failure(problem: "a number has a bad exponent at column \(start + 1)") }
            exponent += sign * value
        }
        if digits < 19, mantissa < (1 << 53), (-22...22).contains(exponent) {
            let value = exponent < 0 ? Double(mantissa) / Self.powersOfTen[-exponent] : Double(mantissa) * Self.powersOfTen[exponent]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw Failure(problem: "\(text) is not a number") }
        return value
    }

    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Skips any value: fields this reader does not know are allowed (the format may gain fields).
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < 64 else { throw Failure(problem: "nesting is too deep") }
        switch peek() {
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "{"):
            index += 1
            if take(UInt8(ascii: "}")) { return }
            repeat {
                _ = try rawString()
                try expect(UInt8(ascii: ":"), "':'")
                try skipValue(depth: depth + 1)
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "'}'")
        case UInt8(ascii: "["):
            index += 1
            if take(UInt8(ascii: "]")) { return }
            repeat { try skipValue(depth: depth + 1) } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "']'")
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    /// Consumes `null` if it is next: optional fields may be written as null.
    mutating func takeNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return (try? literal("null")) != nil
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Failure(problem: "expected \(word) at column \(index + 1)") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw Failure(problem: "expected \(word) at column \(index + 1)")
        }
        index += count
    }

    var atEnd: Bool {
        mutating get { peek() == nil }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    func equals(_ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        guard count > 0 else { return true }
        return memcmp(baseAddress!, word.utf8Start, count) == 0
    }
}
