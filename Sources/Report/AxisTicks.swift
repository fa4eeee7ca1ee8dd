import Foundation

/// Axis ticks on round values: a value axis on 1, 2, 2.5 or 5 times a power of ten (whole
/// numbers only for counts), labelled with the unit; a time axis on whole minutes or hours.
enum AxisTicks {
    /// Ticks from 0 to at least `peak`, about `count` of them; the last is the axis' top.
    static func values(peak: Double, count: Int = 4, integral: Bool = false) -> [Double] {
        guard peak > 0, peak.isFinite else { return [0, 1] }
        let rough = peak / Double(count)
        let magnitude = pow(10, floor(log10(rough)))
        var step = ([1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough }) ?? 10 * magnitude
        if integral { step = max(1, step.rounded(.up)) }
        let count = Int((peak / step).rounded(.up))
        // Multiples of the step, not a running sum: 3 × 0.1 as 0.3, not 0.30000000000000004.
        return (0...max(count, 1)).map { (Double($0) * step * 1e9).rounded() / 1e9 }
    }

    /// A value with its unit, short: "2.5k req/s", "40 nodes", "0.25 USD/h".
    static func label(_ value: Double, unit: String) -> String {
        let number: String
        switch abs(value) {
        case 1e6...: number = trimmed(value / 1e6) + "M"
        case 1e3...: number = trimmed(value / 1e3) + "k"
        default: number = trimmed(value)
        }
        return unit.isEmpty ? number : "\(number) \(unit)"
    }

    /// Up to two decimals, without trailing zeros.
    static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Time ticks (seconds since the start) on whole steps of 1, 5, 10, 15 or 30 minutes, or
    /// 1, 2, 3, 6, 12 or 24 hours, about `count` of them within [first, last].
    static func times(first: Double, last: Double, count: Int = 6) -> [Double] {
        let span = max(last - first, 60)
        let steps: [Double] = [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800]
        let step = steps.first { span / $0 <= Double(count) } ?? 604_800
        let start = (first / step).rounded(.up) * step
        return stride(from: start, through: last, by: step).map { $0 }
    }

    /// "01:30" or "day 2 06:00": whole minutes, as the time ticks fall.
    static func timeLabel(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        let time = String(format: "%02d:%02d", hours, minutes)
        return days > 0 ? "day \(days + 1) \(time)" : time
    }
}
