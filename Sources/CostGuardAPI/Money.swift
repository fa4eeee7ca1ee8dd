import Foundation

/// An amount of money as the API writes it: a decimal string such as "12.00".
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static func == (lhs: Money, rhs: Money) -> Bool { lhs.decimal == rhs.decimal }
    public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }

    public var decimal: Decimal
    /// As the user wrote it ("12.00" stays "12.00").
    public var text: String

    public init(_ decimal: Decimal) {
        self.decimal = decimal
        text = "\(decimal)"
    }

    /// Accepts digits with an optional single "." and up to six fraction digits; no sign, no grouping.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              !parts[0].isEmpty, parts.count == 1 || (1...6).contains(parts[1].count),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        decimal = value
        self.text = text
    }

    public var double: Double { NSDecimalNumber(decimal: decimal).doubleValue }
    public var description: String { text }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.decimal < rhs.decimal }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
