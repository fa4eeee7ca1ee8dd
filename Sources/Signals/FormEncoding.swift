/// `application/x-www-form-urlencoded`, as the query API accepts for both POST bodies and GET query strings.
enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Everything but RFC 3986's unreserved characters is percent-encoded (PromQL is full of `{}"=~+`).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0f)]))
            }
        }
        return out
    }

    /// Unix seconds with millisecond precision, the form the API takes for `time`, `start` and `end`.
    static func time(_ seconds: Double) -> String {
        let millis = (seconds * 1000).rounded()
        let whole = Int64(millis / 1000)
        let fraction = Int64(abs(millis.truncatingRemainder(dividingBy: 1000)))
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        while digits.count < 3 { digits = "0" + digits }
        return "\(whole).\(digits)"
    }
}
