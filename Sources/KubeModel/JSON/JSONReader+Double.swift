/// Numbers read straight into a Double: scenario frames hold several numbers each, and a month of
/// frames is ~250 MB of text, so the exact fast path for short decimals pays.
extension JSONReader {
    /// The next value as a Double: a JSON number, exactly for decimals of up to 15 significant
    /// digits and a power of ten up to 22, through the standard library's parser for the rest.
    @inlinable @inline(__always) package mutating func readDouble() throws -> Double {
        skipWhitespace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0
        while index < bytes.count, bytes[index] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48); digits += 1 } else { exponent += 1 }
            index += 1
        }
        guard index > start + (negative ? 1 : 0) else {
            index = start
            throw error(.unexpectedType, "expected a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48); digits += 1; exponent -= 1 }
                index += 1
            }
            guard index > fractionStart else { throw JSONError(.syntax, "a number has no digits after '.'", offset: start) }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var sign = 1, value = 0, count = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                if bytes[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            while index < bytes.count, bytes[index] &- 48 < 10 {
                value = min(value * 10 + Int(bytes[index] &- 48), 100_000)
                count += 1
                index += 1
            }
            guard count > 0 else { throw JSONError(.syntax, "a number has a bad exponent", offset: start) }
            exponent += sign * value
        }
        if digits < 19, mantissa < (1 << 53), (-22...22).contains(exponent) {
            let power = Self.powersOfTen[exponent < 0 ? -exponent : exponent]
            let value = exponent < 0 ? Double(mantissa) / power : Double(mantissa) * power
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONError(.syntax, "\(text) is not a number", offset: start) }
        return value
    }

    /// 10^0 … 10^22, each exactly representable (5^22 < 2^53).
    @usableFromInline static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
