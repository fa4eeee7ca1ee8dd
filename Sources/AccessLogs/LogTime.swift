/// Request start times as seconds since 1970 (UTC), parsed in place from the two spellings the
/// supported logs use.
package enum LogTime {
    /// RFC 3339 as Traefik (`StartUTC`) and Envoy (`start_time`) write it:
    /// "2026-12-06T21:00:00.123456789Z", "2026-12-06T21:00:00Z" or with an offset "+01:00".
    package static func rfc3339(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20 || b[10] == 0x74,
              b[13] == 0x3A, b[16] == 0x3A,
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              let days = daysFromCivil(year, month, day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                fraction += Double(b[index] - 0x30) * scale
                scale *= 0.1
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case 0x5A, 0x7A: // Z
            guard index + 1 == b.count else { return nil }
        case 0x2B, 0x2D: // +hh:mm / -hh:mm
            guard index + 6 == b.count, b[index + 3] == 0x3A,
                  let hours = digits(b, index + 1, 2), let minutes = digits(b, index + 4, 2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[index] == 0x2B ? 1 : -1)
        default:
            return nil
        }
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(whole) + fraction
    }

    private static let months: [UInt32] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { name in name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }

    /// nginx's `$time_local`: "06/Dec/2026:21:00:00 +0000".
    package static func nginx(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard b.count == 26, b[2] == 0x2F, b[6] == 0x2F, b[11] == 0x3A, b[14] == 0x3A, b[17] == 0x3A, b[20] == 0x20,
              let day = digits(b, 0, 2), let year = digits(b, 7, 4), let hour = digits(b, 12, 2),
              let minute = digits(b, 15, 2), let second = digits(b, 18, 2),
              let hours = digits(b, 22, 2), let minutes = digits(b, 24, 2),
              b[21] == 0x2B || b[21] == 0x2D else { return nil }
        let name = UInt32(b[3]) << 16 | UInt32(b[4]) << 8 | UInt32(b[5])
        guard let monthIndex = months.firstIndex(of: name), let days = daysFromCivil(year, monthIndex + 1, day),
              hour < 24, minute < 60, second < 61 else { return nil }
        let offset = (hours * 3600 + minutes * 60) * (b[21] == 0x2B ? 1 : -1)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    @inline(__always) static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for index in at..<at + count {
            let digit = Int(b[index]) - 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
