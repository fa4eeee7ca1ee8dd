import Foundation

/// An amount of money as the API writes it: a decimal string such as "12.00".
package struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    package static func == (lhs: Money, rhs: Money) -> Bool { lhs.decimal == rhs.decimal }
    package func hash(into hasher: inout Hasher) { hasher.combine(decimal) }

    package var decimal: Decimal
    /// As the user wrote it ("12.00" stays "12.00").
    package var text: String

    package init(_ decimal: Decimal) {
        self.decimal = decimal
        text = "\(decimal)"
    }

    /// Accepts digits with an optional single "." and up to six fraction digits; no sign, no grouping.
    package init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              !parts[0].isEmpty, parts.count == 1 || (1...6).contains(parts[1].count),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        decimal = value
        self.text = text
    }

    package var double: Double { NSDecimalNumber(decimal: decimal).doubleValue }
    package var description: String { text }
    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.decimal < rhs.decimal }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
