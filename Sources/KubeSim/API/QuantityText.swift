import Foundation
import KubeModel

/// A resource quantity as kube-apiserver prints it in a Table: apimachinery's
/// `Quantity.String()` after the JSON was decoded. KubeSim stores quantities as written, a real
/// server in this form, so `28000m` prints `28`, `1.5` `1500m` and `2048Ki` `2Mi`.
///
/// The rules, as resource.ParseQuantity and CanonicalizeBytes apply them:
/// - text that parses into a small exact value already in canonical shape is kept as written
///   (`1Ki`, `100`, `05`, `1.500`): Go keeps the string it parsed;
/// - otherwise the value is rewritten with the mantissa's trailing zeros moved into a power of
///   ten that is a multiple of three, with the suffix of the format written (`m`, `k`, … or
///   `e6`); a binary-suffixed (`Ki`, `Mi`, …) value of at least 1024 stays binary when whole;
/// - anything finer than a nano is rounded away from zero to the next nano.
/// Not copied: upstream's cap of binary values at 2^63-1 (8Ei and more).
enum QuantityText {
    /// The cell text for an optional quantity: `<nil>` when absent, as Go prints a nil
    /// `*Quantity`; text that is no quantity (a real server refuses it) is printed as written.
    static func print(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return "<nil>"
        case .string(let text)?: return canonical(text) ?? text
        case .int(let number)?: return canonical(String(number)) ?? String(number)
        case .double(let number)?: return canonical("\(number)") ?? "\(number)"
        case let other?: return GoText.print(other)
        }
    }

    static func canonical(_ written: String) -> String? {
        let text = written.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        if text == "0" { return text }
        guard let parsed = Parsed(text), let unit = Unit(suffix: parsed.suffix) else { return nil }
        if parsed.keepsItsText(unit) { return text }

        var number = DecimalValue(digits: parsed.integer + parsed.fraction, exponent: -parsed.fraction.count)
        switch unit.format {
        case .binary: number = number.times(power: unit.exponent, of: 2)
        case .decimalSI, .decimalExponent: number.exponent += unit.exponent
        }
        number.roundUpToNano()
        guard !number.isZero else { return "0" }
        let sign = parsed.negative ? "-" : ""
        if unit.format == .binary, !number.isBelow1024,
           let (mantissa, power) = number.wholeValue.map(DecimalValue.dividingOut1024) {
            return sign + mantissa + (Unit.binarySuffixes.first { $0.exponent == power * 10 }?.suffix ?? "")
        }
        let (mantissa, exponent) = number.engineeringForm
        let suffix = unit.format == .decimalExponent
            ? (exponent == 0 ? "" : "e\(exponent)")
            // Upstream writes no suffix for a power beyond E or below n.
            : Unit.decimalSuffixes.first { $0.exponent == exponent }?.suffix ?? ""
        return sign + mantissa + suffix
    }

    /// resource.parseQuantityString: sign, number with leading zeros dropped, suffix.
    struct Parsed {
        var negative = false
        var integer = ""
        var fraction = ""
        var suffix = ""

        init?(_ text: String) {
            var rest = Substring(text)
            if let sign = rest.first, sign == "-" || sign == "+" {
                negative = sign == "-"
                rest = rest.dropFirst()
            }
            rest = rest.drop { $0 == "0" }
            integer = String(rest.prefix { $0.isASCIIDigit })
            rest = rest.dropFirst(integer.count)
            if integer.isEmpty { integer = "0" }
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = String(rest.prefix { $0.isASCIIDigit })
                rest = rest.dropFirst(fraction.count)
            }
            // Letters, then an optional sign and digits for an exponent.
            var tail = rest.drop { "eEinumkKMGTP".contains($0) }
            if let sign = tail.first, sign == "-" || sign == "+" { tail = tail.dropFirst() }
            guard tail.allSatisfy(\.isASCIIDigit) else { return nil }
            suffix = String(rest)
        }

        /// ParseQuantity keeps the text it was given when the value fits its int64 fast path
        /// and already looks canonical.
        func keepsItsText(_ unit: Unit) -> Bool {
            let digits = integer + fraction
            switch unit.format {
            case .decimalSI, .decimalExponent:
                let scale = unit.exponent - fraction.count
                guard 18 - digits.count >= 0, scale >= -9 else { return false }
                return scale % 3 == 0 && !digits.hasSuffix("000") && digits.first != "0"
            case .binary:
                let precision = 15 - integer.count - Int(Float(unit.exponent) * 3 / 10) - 1
                guard fraction.isEmpty, precision >= 0, let value = Int64(integer) else { return false }
                let (_, overflow) = value.multipliedReportingOverflow(by: Int64(1) << unit.exponent)
                return !overflow && value & 0x07 != 0
            }
        }
    }

    struct Unit {
        enum Format { case binary, decimalSI, decimalExponent }
        var format: Format
        var exponent: Int

        static let decimalSuffixes: [(suffix: String, exponent: Int)] = [
            ("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18),
        ]
        static let binarySuffixes: [(suffix: String, exponent: Int)] = [
            ("", 0), ("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60),
        ]

        init?(suffix: String) {
            if let decimal = Self.decimalSuffixes.first(where: { $0.suffix == suffix }) {
                (format, exponent) = (.decimalSI, decimal.exponent)
            } else if let binary = Self.binarySuffixes.first(where: { $0.suffix == suffix && !suffix.isEmpty }) {
                (format, exponent) = (.binary, binary.exponent)
            } else if suffix.count > 1, suffix.first == "e" || suffix.first == "E", let power = Int(suffix.dropFirst()) {
                (format, exponent) = (.decimalExponent, power)
            } else {
                return nil
            }
        }
    }

    /// An unsigned decimal, DIGITS × 10^exponent, of any size: quantities may exceed Int64.
    struct DecimalValue {
        var digits: [UInt8]
        var exponent: Int

        init(digits text: String, exponent: Int) {
            digits = text.utf8.map { $0 - UInt8(ascii: "0") }
            self.exponent = exponent
        }

        var isZero: Bool { digits.allSatisfy { $0 == 0 } }

        func times(power: Int, of base: UInt32) -> DecimalValue {
            var result = self
            for _ in 0..<power { result.digits = Self.multiply(result.digits, by: base) }
            return result
        }

        /// Rounds away from zero to nano precision, as ParseQuantity does.
        mutating func roundUpToNano() {
            guard exponent < -9 else { return }
            let dropped = min(-9 - exponent, digits.count)
            let cut = digits.suffix(dropped)
            digits.removeLast(dropped)
            exponent = -9
            if cut.contains(where: { $0 != 0 }) { digits = Self.add(one: digits) }
        }

        /// The mantissa without trailing zeros, lowered to a power of ten that is a multiple of three.
        var engineeringForm: (mantissa: String, exponent: Int) {
            var digits = Array(self.digits.drop { $0 == 0 })
            var exponent = self.exponent
            while digits.last == 0 {
                digits.removeLast()
                exponent += 1
            }
            while exponent % 3 != 0 {
                digits.append(0)
                exponent -= 1
            }
            return (String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self), exponent)
        }

        /// The value's digits when it is a whole number.
        var wholeValue: [UInt8]? {
            let (mantissa, power) = engineeringForm
            guard power >= 0 else { return nil }
            return mantissa.utf8.map { $0 - UInt8(ascii: "0") } + Array(repeating: 0, count: power)
        }

        var isBelow1024: Bool {
            let whole = Array((exponent >= 0 ? digits + Array(repeating: 0, count: exponent) : Array(digits.dropLast(-exponent)))
                .drop { $0 == 0 })
            return whole.count < 4 || (whole.count == 4 && whole.lexicographicallyPrecedes([1, 0, 2, 4]))
        }

        /// A whole number as mantissa × 1024^power, every factor of 1024 taken out.
        static func dividingOut1024(_ whole: [UInt8]) -> (String, Int) {
            var value = whole
            var power = 0
            while true {
                let (quotient, remainder) = divide(value, by: 1024)
                guard remainder == 0 else { break }
                value = quotient
                power += 1
            }
            let text = String(decoding: value.drop { $0 == 0 }.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
            return (text.isEmpty ? "0" : text, power)
        }

        static func multiply(_ digits: [UInt8], by factor: UInt32) -> [UInt8] {
            var result: [UInt8] = []
            var carry: UInt32 = 0
            for digit in digits.reversed() {
                let product = UInt32(digit) * factor + carry
                result.append(UInt8(product % 10))
                carry = product / 10
            }
            while carry > 0 {
                result.append(UInt8(carry % 10))
                carry /= 10
            }
            return result.reversed()
        }

        static func divide(_ digits: [UInt8], by divisor: UInt32) -> ([UInt8], UInt32) {
            var quotient: [UInt8] = []
            var remainder: UInt32 = 0
            for digit in digits {
                let current = remainder * 10 + UInt32(digit)
                quotient.append(UInt8(current / divisor))
                remainder = current % divisor
            }
            return (quotient, remainder)
        }

        static func add(one digits: [UInt8]) -> [UInt8] {
            var result = digits
            for index in result.indices.reversed() {
                if result[index] < 9 {
                    result[index] += 1
                    return result
                }
                result[index] = 0
            }
            return [1] + result
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
