import CostGuardAPI

/// A client address read from a log field, left-aligned in 128 bits like `IPPrefix`. Accepts what
/// ingresses write: "203.0.113.7", "203.0.113.7:5123", "2001:db8::1", "[2001:db8::1]:443" and
/// IPv4-mapped IPv6 ("::ffff:203.0.113.7"), which counts as the IPv4 address.
package struct ClientAddress: Sendable, Hashable {
    package var high: UInt64
    package var low: UInt64
    package var isV6: Bool

    package init(high: UInt64, low: UInt64, isV6: Bool) {
        self.high = high
        self.low = low
        self.isV6 = isV6
    }

    /// What counts as one source: IPv4 /32, IPv6 /64, as one 64-bit hash.
    @inline(__always) package var sourceHash: UInt64 {
        isV6 ? Mix.hash(high, 0x6) : Mix.hash(high, 0x4)
    }

    /// The heavy-hitter prefix: IPv4 /24, IPv6 /48, packed as (family, bits).
    @inline(__always) package var prefixKey: PrefixKey {
        isV6 ? PrefixKey(bits: high & 0xFFFF_FFFF_FFFF_0000, isV6: true)
             : PrefixKey(bits: high & 0xFFFF_FF00_0000_0000, isV6: false)
    }

    package static func parse(_ text: UnsafeBufferPointer<UInt8>) -> ClientAddress? {
        var bytes = text
        guard !bytes.isEmpty else { return nil }
        if bytes[0] == UInt8(ascii: "[") {
            // "[v6]:port" or "[v6]"
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            bytes = UnsafeBufferPointer(rebasing: bytes[1..<close])
            return parseV6(bytes)
        }
        var colons = 0, lastColon = -1
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ":") {
            colons += 1
            lastColon = index
        }
        if colons == 0 { return parseV4(bytes).map { ClientAddress(high: UInt64($0) << 32, low: 0, isV6: false) } }
        if colons == 1 {
            // "v4:port"
            return parseV4(UnsafeBufferPointer(rebasing: bytes[0..<lastColon]))
                .map { ClientAddress(high: UInt64($0) << 32, low: 0, isV6: false) }
        }
        return parseV6(bytes)
    }

    static func parseV4(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | part
                part = 0
                digits = 0
                dots += 1
            } else if byte >= 0x30, byte <= 0x39 {
                part = part * 10 + UInt32(byte - 0x30)
                digits += 1
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | part
    }

    static func parseV6(_ bytes: UnsafeBufferPointer<UInt8>) -> ClientAddress? {
        // "::ffff:a.b.c.d", the dotted form of an IPv4-mapped address.
        if bytes.count > 7, bytes.last != UInt8(ascii: ":"), bytes.contains(UInt8(ascii: ".")) {
            let head = Array("::ffff:".utf8)
            guard bytes.prefix(7).map({ $0 | 0x20 }).elementsEqual(head.map { $0 | 0x20 }),
                  let v4 = parseV4(UnsafeBufferPointer(rebasing: bytes[7...])) else { return nil }
            return ClientAddress(high: UInt64(v4) << 32, low: 0, isV6: false)
        }
        guard let prefix = IPPrefix(utf8: bytes), prefix.family == .v6, prefix.length == 128 else {
            return nil
        }
        // ::ffff:a.b.c.d is an IPv4 client behind a dual-stack listener.
        if prefix.high == 0, prefix.low >> 32 == 0xFFFF {
            return ClientAddress(high: (prefix.low & 0xFFFF_FFFF) << 32, low: 0, isV6: false)
        }
        return ClientAddress(high: prefix.high, low: prefix.low, isV6: true)
    }
}

/// A heavy-hitter prefix (IPv4 /24 or IPv6 /48) in 64 bits plus its family.
package struct PrefixKey: Sendable, Hashable, Comparable {
    package var bits: UInt64
    package var isV6: Bool

    package init(bits: UInt64, isV6: Bool) {
        self.bits = bits
        self.isV6 = isV6
    }

    package var prefix: IPPrefix {
        isV6 ? IPPrefix(family: .v6, high: bits, low: 0, length: 48) : IPPrefix(family: .v4, high: bits, low: 0, length: 24)
    }

    package static func < (lhs: PrefixKey, rhs: PrefixKey) -> Bool {
        (lhs.isV6 ? 1 : 0, lhs.bits) < (rhs.isV6 ? 1 : 0, rhs.bits)
    }

    @inline(__always) var hash: UInt64 { Mix.hash(bits, isV6 ? 0x66 : 0x44) }
}

/// A fixed 64-bit mix (the finalizer of MurmurHash3 over two words): the sketches need hashes that
/// are the same in every process and every run, which Swift's seeded `Hasher` is not.
package enum Mix {
    @inline(__always) package static func hash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019)
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// FNV-1a over bytes, for interning route names.
    @inline(__always) package static func bytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return h
    }
}
