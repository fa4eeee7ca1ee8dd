import Foundation
import GuardCore

/// A small inline SVG line chart: series over time, optional verdict bands and a cap line.
struct SVGChart {
    struct Line {
        var label: String
        var color: String
        var values: [Double]
        var dashed = false
    }

    var title: String
    var times: [Double]
    var lines: [Line]
    var cap: (label: String, value: Double)?
    var bands: [Verdict.Class]?
    let width = 960.0, height = 200.0, left = 64.0, right = 16.0, top = 28.0, bottom = 28.0

    static let bandColors: [Verdict.Class: String] = [.warmup: "#eeeeee", .steady: "#ffffff", .organic: "#d9f0d9", .surge: "#f7c6c6"]

    func render() -> String {
        guard let first = times.first, let last = times.last else { return "" }
        let span = max(last - first, 1)
        let peak = max(lines.flatMap(\.values).max() ?? 1, cap?.value ?? 0, 1e-9) * 1.08
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ t: Double) -> Double { left + (t - first) / span * plotWidth }
        func y(_ v: Double) -> Double { top + plotHeight - v / peak * plotHeight }

        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<text x=\"\(left)\" y=\"18\" class=\"title\">\(escape(title))</text>"
        if let bands {
            let step = times.count > 1 ? plotWidth / Double(times.count - 1) : plotWidth
            for (index, verdict) in bands.enumerated() where verdict != .steady {
                svg += "<rect x=\(fmt(x(times[index]) - step / 2)) y=\(fmt(top)) width=\(fmt(step + 0.5)) height=\(fmt(plotHeight)) fill=\"\(Self.bandColors[verdict]!)\"/>"
            }
        }
        for tick in 0...4 {
            let value = peak / 1.08 * Double(tick) / 4
            svg += "<line x1=\(fmt(left)) x2=\(fmt(width - right)) y1=\(fmt(y(value))) y2=\(fmt(y(value))) class=\"grid\"/>"
            svg += "<text x=\(fmt(left - 6)) y=\(fmt(y(value) + 4)) class=\"axis\" text-anchor=\"end\">\(short(value))</text>"
        }
        for tick in 0...6 {
            let t = first + span * Double(tick) / 6
            let anchor = tick == 0 ? "start" : (tick == 6 ? "end" : "middle")
            svg += "<text x=\(fmt(x(t))) y=\(fmt(height - 8)) class=\"axis\" text-anchor=\"\(anchor)\">\(Formatting.clock(t))</text>"
        }
        if let cap {
            svg += "<line x1=\(fmt(left)) x2=\(fmt(width - right)) y1=\(fmt(y(cap.value))) y2=\(fmt(y(cap.value))) class=\"cap\"/>"
            svg += "<text x=\(fmt(width - right - 4)) y=\(fmt(y(cap.value) - 4)) class=\"axis\" text-anchor=\"end\">\(escape(cap.label))</text>"
        }
        for line in lines {
            var points = ""
            for (index, value) in line.values.enumerated() { points += "\(raw(x(times[index]))),\(raw(y(value))) " }
            svg += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.6\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(points)\"/>"
        }
        var legendX = width - right - lines.reduce(0) { $0 + 30 + Double($1.label.count) * 6.5 }
        for line in lines {
            svg += "<rect x=\(fmt(legendX)) y=\"10\" width=\"14\" height=\"4\" fill=\"\(line.color)\"/>"
            svg += "<text x=\(fmt(legendX + 18)) y=\"16\" class=\"axis\">\(escape(line.label))</text>"
            legendX += 30 + Double(line.label.count) * 6.5
        }
        return svg + "</svg>"
    }

    private func fmt(_ value: Double) -> String { "\"\(raw(value))\"" }
    private func raw(_ value: Double) -> String { String(format: "%.1f", value) }

    private func short(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.1fk", value / 1000) }
        if value >= 10 || value == 0 { return String(Int(value.rounded())) }
        return String(format: "%.2f", value)
    }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
