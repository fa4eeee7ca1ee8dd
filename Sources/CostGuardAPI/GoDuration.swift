/// A Go-style duration ("15s", "10m", "1h30m", "500ms"), the form Kubernetes APIs use.
package struct GoDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var seconds: Double

    package init(seconds: Double) { self.seconds = seconds }

    package init?(parsing text: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCIIDigit || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        // Go's durations end at 2^63 ns (~292 years); beyond that (or infinite) is not a duration,
        // and converting it to whole seconds for the description trapped.
        guard total.isFinite, total <= 9_223_372_036 else { return nil }
        seconds = total
    }

    /// The shortest exact Go form: 600 s is "10m", 5400 s is "1h30m".
    package var description: String {
        var rest = Int(seconds.rounded())
        guard rest > 0 else { return seconds == 0 ? "0s" : "\(Int((seconds * 1000).rounded()))ms" }
        var text = ""
        if rest >= 3600 { text += "\(rest / 3600)h"; rest %= 3600 }
        if rest >= 60 { text += "\(rest / 60)m"; rest %= 60 }
        if rest > 0 { text += "\(rest)s" }
        return text
    }

    package static func < (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.seconds < rhs.seconds }
}
