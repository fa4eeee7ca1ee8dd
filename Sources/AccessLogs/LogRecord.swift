/// One request as a reader found it. The byte fields point into the reader's line buffer and are
/// valid only until the reader moves on: a record is consumed at once, never kept.
package struct LogRecord {
    /// Start time, seconds since 1970 UTC.
    package var time: Double = 0
    package var status: Int = 0
    package var address = ClientAddress(high: 0, low: 0, isV6: false)
    package var method = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    package var path = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Traefik's `RouterName`; empty when the log has none.
    package var router = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    package init() {}
}

/// Why a line was not used; the summary counts each.
package enum SkipReason: String, Sendable, CaseIterable, Comparable {
    case notJSON = "not a JSON object"
    case notNginx = "not ingress-nginx's default format"
    case missingField = "a required field is missing"
    case badTime = "the time is not readable"
    case badAddress = "the client address is not an IPv4 or IPv6 address"
    case badStatus = "the status is not a number from 100 to 599"
    case badRequest = "the request line is not METHOD PATH"
    case late = "later than --max-lateness behind the newest request"
    /// The live receiver only: a clock far ahead would push every held interval out.
    case ahead = "dated more than --max-ahead past the receiver's clock"
    /// OTLP only: the access-log line is the record's string body.
    case notText = "the log record's body is not a string"

    package static func < (lhs: SkipReason, rhs: SkipReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The three readers of the contract (spec: access-logs.md, "Log formats read").
package enum LogFormat: String, Sendable, CaseIterable {
    case traefik, nginx, envoy

    /// Fills `record` from one line, or says why the line cannot be used.
    @inline(__always) package func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord) -> SkipReason? {
        var ignored: String?
        switch self {
        case .traefik: return TraefikLine.parse(line, into: &record, carried: &ignored)
        case .nginx: return NginxLine.parse(line, into: &record)
        case .envoy: return EnvoyLine.parse(line, into: &record, carried: &ignored)
        }
    }

    /// The JSON formats read a shipper's record in one pass: the record is the access log's own
    /// object, or it carries the line as its `log` or `message` string (`ShipperRecord`), which
    /// is then read instead. `use` gets the fields, or why they cannot be used; they point into
    /// the record or the carried line, so only within `use`. False for nginx, whose lines are
    /// text (`ShipperRecord` finds them), and then `use` is not called.
    @inline(__always) package func withRecord(_ record: UnsafeBufferPointer<UInt8>,
                                              _ use: (SkipReason?, LogRecord) -> Void) -> Bool {
        var fields = LogRecord()
        var carried: String?
        let reason: SkipReason?
        switch self {
        case .traefik: reason = TraefikLine.parse(record, into: &fields, carried: &carried)
        case .envoy: reason = EnvoyLine.parse(record, into: &fields, carried: &carried)
        case .nginx: return false
        }
        guard var carried else {
            use(reason, fields)
            return true
        }
        carried.withUTF8 { line in
            var lineFields = LogRecord()
            let lineReason = parse(line, into: &lineFields)
            use(lineReason, lineFields)
        }
        return true
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The status code in these bytes, if it is one (100–599).
    @inline(__always) var statusCode: Int? {
        guard count == 3 else { return nil }
        var value = 0
        for byte in self {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return (100...599).contains(value) ? value : nil
    }
}
