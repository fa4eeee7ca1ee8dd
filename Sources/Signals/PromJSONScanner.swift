import KubeModel

/// Reads the query API's JSON envelope with KubeModel's forward-only `JSONReader`. Range answers
/// run to hundreds of thousands of `[time, "value"]` pairs; reading them straight into samples,
/// without building a general JSON tree or going through Codable, keeps decoding a month's
/// chunks cheap.
enum PromJSONScanner {
    struct Envelope {
        var status: String?
        var resultType: String?
        var series: [PromSeries] = []
        var errorType: String?
        var error: String?
        var warnings: [String] = []
    }

    /// Throws `JSONError` (with the byte offset) when the body is not JSON of the envelope's shape.
    static func scan(_ bytes: [UInt8]) throws -> Envelope {
        try JSONReader.read(bytes) { reader in
            var envelope = Envelope()
            try reader.readObject { reader, key in
                if key.matches("status") { envelope.status = try reader.readString() }
                else if key.matches("errorType") { envelope.errorType = try reader.readString() }
                else if key.matches("error") { envelope.error = try reader.readString() }
                else if key.matches("warnings") || key.matches("infos") { envelope.warnings += try reader.readStringArray() }
                else if key.matches("data") { try data(&reader, into: &envelope) }
            }
            return envelope
        }
    }

    /// `result` may come before `resultType`; a scalar or string result is a bare pair.
    private static func data(_ reader: inout JSONReader, into envelope: inout Envelope) throws {
        try reader.readObject { reader, key in
            if key.matches("resultType") {
                envelope.resultType = try reader.readString()
            } else if key.matches("result") {
                guard try reader.peekKind() == .array else { throw JSONError(.unexpectedType, "expected a result list", offset: reader.offset) }
                envelope.series = try results(&reader)
            }
        }
    }

    /// A list of series, or one `[time, "value"]` pair (told apart by the first element).
    private static func results(_ reader: inout JSONReader) throws -> [PromSeries] {
        var list: [PromSeries] = []
        var pairTime: Double?
        var pair: PromSample?
        var position = 0
        try reader.readArray { reader in
            defer { position += 1 }
            if position == 0, try reader.peekKind() == .number {
                pairTime = try number(&reader)
            } else if let time = pairTime, position == 1 {
                pair = PromSample(time: time, value: PromValue.parse(try reader.readString()))
            } else if pairTime != nil {
                throw JSONError(.syntax, "a [time, \"value\"] pair has more than two elements", offset: reader.offset)
            } else {
                list.append(try series(&reader))
            }
        }
        if pairTime != nil {
            guard let pair else { throw JSONError(.syntax, "a [time, \"value\"] pair without its value", offset: reader.offset) }
            return [PromSeries(labels: [:], samples: [pair])]
        }
        return list
    }

    private static func series(_ reader: inout JSONReader) throws -> PromSeries {
        var series = PromSeries(labels: [:], samples: [])
        try reader.readObject { reader, key in
            if key.matches("metric") {
                series.labels = try reader.readStringMap()
            } else if key.matches("value") {
                series.samples = [try sample(&reader)]
            } else if key.matches("values") {
                try reader.readArray { reader in series.samples.append(try sample(&reader)) }
            }
        }
        return series
    }

    /// `[1435781451.781, "1"]`
    private static func sample(_ reader: inout JSONReader) throws -> PromSample {
        var time: Double?
        var value: Double?
        var count = 0
        try reader.readArray { reader in
            count += 1
            switch count {
            case 1: time = try number(&reader)
            case 2: value = PromValue.parse(try reader.readString())
            default: throw JSONError(.syntax, "a [time, \"value\"] pair has more than two elements", offset: reader.offset)
            }
        }
        guard let time, let value else { throw JSONError(.syntax, "expected a [time, \"value\"] pair", offset: reader.offset) }
        return PromSample(time: time, value: value)
    }

    private static func number(_ reader: inout JSONReader) throws -> Double {
        switch try reader.readNumber() {
        case .int(let integer): return Double(integer)
        case .double(let value): return value
        default: throw JSONError(.unexpectedType, "expected a number", offset: reader.offset)
        }
    }
}
