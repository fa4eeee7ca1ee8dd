/// A Kubernetes resource quantity ("41500m", "12", "1.5k", "2Ki", "1e3") read as a Double.
/// HPA metric values come in this form; CostGuard only needs their numeric value.
package enum Quantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The value, or nil when the text is not a quantity.
    package static func value(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        for (suffix, multiplier) in suffixes where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count))
            // "1e3" ends in a digit, "1E" would be exa with no number: both handled by Double().
            guard let base = Double(number), base.isFinite, (base * multiplier).isFinite else { return nil }
            return base * multiplier
        }
        guard let plain = Double(trimmed), plain.isFinite else { return nil }
        return plain
    }
}

extension String {
    fileprivate var trimmingWhitespace: Substring {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return slice
    }
}
