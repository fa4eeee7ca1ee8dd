/// A byte-level reader of the query API's JSON envelope. Range answers run to hundreds of
/// thousands of `[time, "value"]` pairs; reading them straight into samples, without building a
/// general JSON tree or going through Codable, keeps decoding a month's chunks cheap.
struct PromJSONScanner {
    struct Malformed: Error, Sendable, CustomStringConvertible {
        var offset: Int
        var expected: String
        var description: String { "malformed JSON at byte \(offset): expected \(expected)" }
    }

    struct Envelope {
        var status: String?
        var resultType: String?
        var series: [PromSeries] = []
        var errorType: String?
        var error: String?
        var warnings: [String] = []
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func scan(_ bytes: [UInt8]) throws(Malformed) -> Envelope {
        var scanner = PromJSONScanner(bytes)
        var envelope = Envelope()
        try scanner.object { (scanner: inout PromJSONScanner, key: String) throws(Malformed) in
            switch key {
            case "status": envelope.status = try scanner.string()
            case "errorType": envelope.errorType = try scanner.string()
            case "error": envelope.error = try scanner.string()
            case "warnings", "infos": envelope.warnings += try scanner.strings()
            case "data": try scanner.data(into: &envelope)
            default: try scanner.skipValue()
            }
        }
        scanner.skipSpace()
        guard scanner.index == bytes.count else { throw Malformed(offset: scanner.index, expected: "the end of the body") }
        return envelope
    }

    // MARK: The parts of the envelope

    private mutating func data(into envelope: inout Envelope) throws(Malformed) {
        // `result` may come before `resultType`; a scalar or string result is a bare pair.
        try object { (scanner: inout PromJSONScanner, key: String) throws(Malformed) in
            switch key {
            case "resultType": envelope.resultType = try scanner.string()
            case "result":
                scanner.skipSpace()
                guard scanner.peek() == UInt8(ascii: "[") else { throw Malformed(offset: scanner.index, expected: "a result list") }
                if try scanner.startsWithPair() {
                    envelope.series = [PromSeries(labels: [:], samples: [try scanner.pair()])]
                } else {
                    envelope.series = try scanner.seriesList()
                }
            default: try scanner.skipValue()
            }
        }
    }

    private mutating func seriesList() throws(Malformed) -> [PromSeries] {
        var list: [PromSeries] = []
        try array { (scanner: inout PromJSONScanner) throws(Malformed) in
            var series = PromSeries(labels: [:], samples: [])
            try scanner.object { (scanner: inout PromJSONScanner, key: String) throws(Malformed) in
                switch key {
                case "metric":
                    try scanner.object { (scanner: inout PromJSONScanner, name: String) throws(Malformed) in
                        series.labels[name] = try scanner.string()
                    }
                case "value": series.samples = [try scanner.pair()]
                case "values":
                    try scanner.array { (scanner: inout PromJSONScanner) throws(Malformed) in series.samples.append(try scanner.pair()) }
                default: try scanner.skipValue()
                }
            }
            list.append(series)
        }
        return list
    }

    /// Whether the list at the cursor is a `[time, "value"]` pair rather than a list of series.
    private func startsWithPair() throws(Malformed) -> Bool {
        var probe = index + 1
        while probe < bytes.count, Self.isSpace(bytes[probe]) { probe += 1 }
        guard probe < bytes.count else { throw Malformed(offset: probe, expected: "a value") }
        let byte = bytes[probe]
        return byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `[1435781451.781, "1"]`
    private mutating func pair() throws(Malformed) -> PromSample {
        try expect(UInt8(ascii: "["), "[")
        let time = try number()
        try expect(UInt8(ascii: ","), ",")
        let value = PromValue.parse(try string())
        try expect(UInt8(ascii: "]"), "]")
        return PromSample(time: time, value: value)
    }

    private mutating func strings() throws(Malformed) -> [String] {
        var list: [String] = []
        try array { (scanner: inout PromJSONScanner) throws(Malformed) in list.append(try scanner.string()) }
        return list
    }

    // MARK: JSON

    private mutating func object(_ member: (inout PromJSONScanner, String) throws(Malformed) -> Void) throws(Malformed) {
        try expect(UInt8(ascii: "{"), "{")
        skipSpace()
        if peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"), ":")
            try member(&self, key)
            skipSpace()
            guard index < bytes.count else { throw Malformed(offset: index, expected: ", or }") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else { throw Malformed(offset: index - 1, expected: ", or }") }
        }
    }

    private mutating func array(_ element: (inout PromJSONScanner) throws(Malformed) -> Void) throws(Malformed) {
        try expect(UInt8(ascii: "["), "[")
        skipSpace()
        if peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try element(&self)
            skipSpace()
            guard index < bytes.count else { throw Malformed(offset: index, expected: ", or ]") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "]") { return }
            guard byte == UInt8(ascii: ",") else { throw Malformed(offset: index - 1, expected: ", or ]") }
        }
    }

    private mutating func string() throws(Malformed) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            index += 1
        }
        throw Malformed(offset: index, expected: "the end of a string")
    }

    /// The slow path, for strings with escapes (label values may hold quotes or non-ASCII).
    private mutating func escapedString(from start: Int) throws(Malformed) -> String {
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: out.append(escape)
            }
        }
        throw Malformed(offset: index, expected: "the end of a string")
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed(offset: index, expected: "four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(offset: index, expected: "a hex digit")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws(Malformed) -> Double {
        skipSpace()
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start, let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw Malformed(offset: start, expected: "a number")
        }
        return value
    }

    private mutating func skipValue() throws(Malformed) {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"): try object { (scanner: inout PromJSONScanner, _: String) throws(Malformed) in try scanner.skipValue() }
        case UInt8(ascii: "["): try array { (scanner: inout PromJSONScanner) throws(Malformed) in try scanner.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<(index + count)]) else {
            throw Malformed(offset: index, expected: "\(word)")
        }
        index += count
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Malformed) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw Malformed(offset: index, expected: what) }
        index += 1
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
