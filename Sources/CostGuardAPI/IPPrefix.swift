/// An IPv4 or IPv6 network prefix ("198.51.100.0/24", "2001:db8::/48"), parsed without allocating.
/// Host bits are cleared, so two spellings of one network compare equal.
package struct IPPrefix: Sendable, Hashable, Comparable, CustomStringConvertible {
    package enum Family: UInt8, Sendable { case v4 = 4, v6 = 6 }

    /// The address, left-aligned in 128 bits (an IPv4 address fills the top 32 bits of `high`).
    package private(set) var high: UInt64
    package private(set) var low: UInt64
    package let length: UInt8
    package let family: Family

    package init(family: Family, high: UInt64, low: UInt64, length: UInt8) {
        self.family = family
        self.length = length
        let (maskHigh, maskLow) = IPPrefix.mask(length)
        self.high = high & maskHigh
        self.low = low & maskLow
    }

    package init?(_ text: String) {
        var copy = text
        guard let value = copy.withUTF8({ IPPrefix(utf8: $0) }) else { return nil }
        self = value
    }

    /// Parses "address/length"; a bare address is a host prefix (/32 or /128).
    package init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var slash = bytes.count
        var isV6 = false
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") { slash = index; break }
            if byte == UInt8(ascii: ":") { isV6 = true }
        }
        let address = UnsafeBufferPointer(rebasing: bytes[0..<slash])
        let maxLength = isV6 ? 128 : 32
        var length = maxLength
        if slash < bytes.count {
            let digits = bytes[(slash + 1)...]
            guard !digits.isEmpty, digits.count <= 3 else { return nil }
            length = 0
            for digit in digits {
                guard digit >= 48, digit <= 57 else { return nil }
                length = length * 10 + Int(digit - 48)
            }
            guard length <= maxLength else { return nil }
        }
        if isV6 {
            guard let (high, low) = IPPrefix.parseV6(address) else { return nil }
            self.init(family: .v6, high: high, low: low, length: UInt8(length))
        } else {
            guard let value = IPPrefix.parseV4(address) else { return nil }
            self.init(family: .v4, high: UInt64(value) << 32, low: 0, length: UInt8(length))
        }
    }

    /// Whether `other` lies wholly inside this prefix.
    package func contains(_ other: IPPrefix) -> Bool {
        guard family == other.family, other.length >= length else { return false }
        let (maskHigh, maskLow) = IPPrefix.mask(length)
        return other.high & maskHigh == high && other.low & maskLow == low
    }

    package func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

    package var description: String {
        switch family {
        case .v4:
            let value = UInt32(truncatingIfNeeded: high >> 32)
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)/\(length)"
        case .v6:
            return IPPrefix.formatV6(high: high, low: low) + "/\(length)"
        }
    }

    package static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        (lhs.family.rawValue, lhs.high, lhs.low, lhs.length) < (rhs.family.rawValue, rhs.high, rhs.low, rhs.length)
    }

    static func mask(_ length: UInt8) -> (UInt64, UInt64) {
        let bits = Int(length)
        let high: UInt64 = bits >= 64 ? ~0 : (bits == 0 ? 0 : ~0 << (64 - bits))
        let low: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? ~0 : ~0 << (128 - bits))
        return (high, low)
    }

    static func parseV4(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0; digits = 0; dots += 1
            } else if byte >= 48, byte <= 57 {
                octet = octet * 10 + UInt32(byte - 48)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    static func parseV6(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        var groups = [UInt16](repeating: 0, count: 8)
        var count = 0, gapAt = -1, index = 0
        let end = bytes.count
        if end >= 2, bytes[0] == UInt8(ascii: ":"), bytes[1] == UInt8(ascii: ":") {
            gapAt = 0; index = 2
        }
        while index < end {
            var value: UInt32 = 0, digits = 0
            while index < end, let nibble = hexValue(bytes[index]) {
                value = value << 4 | UInt32(nibble)
                digits += 1; index += 1
                guard digits <= 4 else { return nil }
            }
            guard digits > 0, count < 8 else { return nil }
            groups[count] = UInt16(value); count += 1
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            if index < end, bytes[index] == UInt8(ascii: ":") {
                guard gapAt < 0 else { return nil }
                gapAt = count; index += 1
            } else if index == end {
                return nil
            }
        }
        if gapAt >= 0 {
            guard count < 8 else { return nil }
            let tail = Array(groups[gapAt..<count])
            for slot in gapAt..<8 { groups[slot] = 0 }
            for (offset, group) in tail.enumerated() { groups[8 - tail.count + offset] = group }
        } else if count != 8 {
            return nil
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for slot in 0..<4 { high = high << 16 | UInt64(groups[slot]) }
        for slot in 4..<8 { low = low << 16 | UInt64(groups[slot]) }
        return (high, low)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }

    /// RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero groups as "::".
    static func formatV6(high: UInt64, low: UInt64) -> String {
        var groups = [UInt16]()
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
        var bestStart = -1, bestLength = 1, runStart = -1
        for slot in 0...8 {
            if slot < 8, groups[slot] == 0 {
                if runStart < 0 { runStart = slot }
            } else if runStart >= 0 {
                if slot - runStart > bestLength { bestStart = runStart; bestLength = slot - runStart }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
