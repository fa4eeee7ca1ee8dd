import PropertyBased

/// Mutations of valid inputs, as a hostile or broken sender would make them: bytes flipped,
/// cut, repeated and spliced, and the values that break readers put in (huge numbers, deep
/// nesting, long strings, invalid UTF-8, stray structure).
enum Mutator {
    static let hugeNumbers: [String] = [
        "1e400", "-1e400", "1e-400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808",
        "1.7976931348623157e309", "4.9e-325", "1E", "1e", "-", "--1", "0x1F", "NaN", "Infinity", "-0", "1e+99999999999",
        "0.000000000000000000000000000000000000001", "1000E", "1e20", "123456789012345678901234567890e-10", ".5", "5.",
    ]
    static let tokens: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\uDFFF", "\\u0000", "null", "true", "false",
        "\n", "\r", "\t", " ", "-", ".", "e", "#", "&a", "*a", "!!str", "- ", ": ", "---", "...", "'", "|", ">",
    ]
    static let invalidUTF8: [[UInt8]] = [
        [0xC3], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x80], [0x00],
    ]

    /// One to four mutations of one seed, at times spliced with another.
    static func mutate(_ seeds: [[UInt8]], _ rng: inout Xoshiro) -> [UInt8] {
        var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            mutateOnce(&bytes, other: seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
        }
        return bytes
    }

    static func mutateOnce(_ bytes: inout [UInt8], other: [UInt8], _ rng: inout Xoshiro) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
        func insert(_ piece: some Collection<UInt8>) { bytes.insert(contentsOf: piece, at: position) }
        switch Int.random(in: 0..<12, using: &rng) {
        case 0 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 1 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 2:
            bytes.removeLast(bytes.count - position)
        case 3 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &rng)))
        case 4 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            let piece = bytes[start..<min(bytes.count, start + Int.random(in: 1...64, using: &rng))]
            insert(Array(repeating: Array(piece), count: Int.random(in: 1...8, using: &rng)).joined())
        case 5 where !other.isEmpty:
            let start = Int.random(in: 0..<other.count, using: &rng)
            insert(other[start..<min(other.count, start + Int.random(in: 1...128, using: &rng))])
        case 6:
            insert(hugeNumbers[Int.random(in: 0..<hugeNumbers.count, using: &rng)].utf8)
        case 7:
            let depth = Int.random(in: 1...700, using: &rng)  // past the readers' 512-level limit
            let opener: [UInt8] = Bool.random(using: &rng) ? Array("[".utf8) : Array("{\"a\":".utf8)
            insert(Array(repeating: opener, count: depth).joined())
        case 8:
            let length = Int.random(in: 1...6_000, using: &rng)
            insert([UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: "a"), count: length) + [UInt8(ascii: "\"")])
        case 9:
            insert(invalidUTF8[Int.random(in: 0..<invalidUTF8.count, using: &rng)])
        case 10:
            insert(tokens[Int.random(in: 0..<tokens.count, using: &rng)].utf8)
        default:
            // A number's digits replaced by a huge one, where the input has a number.
            guard let digit = bytes.indices.filter({ (48...57).contains(bytes[$0]) }).randomElement(using: &rng) else { return }
            var end = digit
            while end < bytes.count, (48...57).contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            bytes.replaceSubrange(digit..<end, with: hugeNumbers[Int.random(in: 0..<hugeNumbers.count, using: &rng)].utf8)
        }
    }
}
