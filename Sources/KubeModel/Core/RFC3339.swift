/// The shape of an RFC 3339 time ("2026-03-02T08:00:00Z", "…T08:00:00.123+02:00"), checked before
/// Foundation parses one: ICU, under ISO8601DateFormatter on Linux, crashed the process
/// (SIGFPE in SimpleDateFormat::subParse) on some malformed text.
package enum RFC3339 {
    package static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (20...35).contains(bytes.count) else { return false }
        func number(_ range: Range<Int>, _ bounds: ClosedRange<Int>) -> Bool {
            guard range.upperBound <= bytes.count, range.allSatisfy({ (48...57).contains(bytes[$0]) }) else { return false }
            return bounds.contains(range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) })
        }
        func byte(_ index: Int, _ allowed: String) -> Bool { index < bytes.count && allowed.utf8.contains(bytes[index]) }
        guard number(0..<4, 1...9999), byte(4, "-"), number(5..<7, 1...12), byte(7, "-"), number(8..<10, 1...31),
              byte(10, "Tt"), number(11..<13, 0...23), byte(13, ":"), number(14..<16, 0...59), byte(16, ":"),
              number(17..<19, 0...60) else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard (1...9).contains(index - start) else { return false }
        }
        if byte(index, "Zz") { return index + 1 == bytes.count }
        guard byte(index, "+-"), number(index + 1..<index + 3, 0...23), byte(index + 3, ":"),
              number(index + 4..<index + 6, 0...59) else { return false }
        return index + 6 == bytes.count
    }
}
