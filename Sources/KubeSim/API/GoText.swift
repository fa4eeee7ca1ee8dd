import KubeModel

/// Text of a JSON value as a CRD `string` column shows it: kube-apiserver prints the value
/// with client-go's jsonpath printer, i.e. Go's `fmt.Print` for scalars (a float as `%v`,
/// so 1234567.5 is `1.2345675e+06`), `<no value>` for null, and `json.Marshal` for lists
/// and maps.
enum GoText {
    static func print(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<no value>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let integer): return String(integer)
        case .double(let number): return formatFloat(number, scientificBelow: -4, scientificFrom: 6)
        case .string(let text): return text
        case .array, .object:
            var output = ""
            marshal(value, into: &output)
            return output
        }
    }

    /// `encoding/json`: compact, keys sorted, `<`, `>` and `&` escaped, floats in `%f`
    /// unless tiny or huge.
    static func marshal(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let integer): output += String(integer)
        case .double(let number):
            let magnitude = abs(number)
            let scientific = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)
            var text = formatFloat(number, scientificBelow: scientific ? .max : .min, scientificFrom: scientific ? .min : .max)
            // Go writes e-07 as e-7 here, and only here.
            if let range = text.range(of: "e-0") { text.replaceSubrange(range, with: "e-") }
            output += text
        case .string(let text): quote(text, into: &output)
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                marshal(element, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                quote(key, into: &output)
                output += ":"
                marshal(members[key]!, into: &output)
            }
            output += "}"
        }
    }

    static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 { output += "\\u" + hex4(scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        output += "\""
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Shortest round-trip digits in Go's `%e` form when the decimal exponent is below
    /// `scientificBelow` or at least `scientificFrom`, else in `%f` form.
    static func formatFloat(_ number: Double, scientificBelow: Int, scientificFrom: Int) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number < 0 ? "-Inf" : "+Inf") }
        let (digits, pointPosition) = shortestDigits(abs(number))
        let sign = number.sign == .minus ? "-" : ""
        guard !digits.isEmpty else { return sign + "0" }
        let exponent = pointPosition - 1
        if exponent < scientificBelow || exponent >= scientificFrom {
            let mantissa = digits.count > 1 ? "\(digits.first!)." + digits.dropFirst() : String(digits)
            let power = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
            return sign + mantissa + (exponent < 0 ? "e-" : "e+") + power
        }
        if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + digits }
        if pointPosition >= digits.count { return sign + digits + String(repeating: "0", count: pointPosition - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest digits that read back as `number` (Swift's description finds them),
    /// without leading or trailing zeros, and where the decimal point goes: the value is
    /// 0.DIGITS × 10^pointPosition.
    static func shortestDigits(_ number: Double) -> (digits: String, pointPosition: Int) {
        let text = number.description
        let parts = text.split(separator: "e")
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        var digits = whole + (mantissa.count > 1 ? String(mantissa[1]) : "")
        var pointPosition = whole.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, pointPosition)
    }
}
