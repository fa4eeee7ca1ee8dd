import Foundation
import GuardCore

/// A small inline SVG line chart: series over time, optional verdict bands, the intervals where
/// scale-up was paused or a replica ceiling held (shaded on every chart), and a cap line. Axes
/// tick on round values with their unit, and on whole minutes or hours.
struct SVGChart {
    /// What held the workload in a bucket.
    enum Hold: Equatable {
        case none, paused, ceiling

        static func of(_ bucket: SeriesCollector.Bucket) -> Hold {
            bucket.paused ? .paused : (bucket.ceiling != nil ? .ceiling : .none)
        }
    }

    struct Line {
        var label: String
        var color: String
        var values: [Double]
        var dashed = false
    }

    var title: String
    /// The values' unit, on the value axis: "req/s", "nodes", "USD/h".
    var unit: String
    /// Counts (replicas, nodes, prefixes) tick on whole numbers.
    var integral = false
    var times: [Double]
    var lines: [Line]
    var cap: (label: String, value: Double)?
    var bands: [Verdict.Class]?
    var holds: [Hold] = []
    let width = 960.0, height = 200.0, left = 76.0, right = 16.0, top = 28.0, bottom = 28.0

    static let bandColors: [Verdict.Class: String] = [.warmup: "#eeeeee", .steady: "#ffffff", .organic: "#d9f0d9", .surge: "#f7c6c6"]
    static let holdColors: [Hold: (color: String, label: String)] = [.paused: ("#54aeff", "scale-up paused"), .ceiling: ("#d4a72c", "replica ceiling")]

    func render() -> String {
        guard let first = times.first, let last = times.last else { return "" }
        let span = max(last - first, 1)
        let ticks = AxisTicks.values(peak: max(lines.flatMap(\.values).filter(\.isFinite).max() ?? 1, cap?.value ?? 0), integral: integral)
        let peak = ticks.last ?? 1
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ t: Double) -> Double { left + (t - first) / span * plotWidth }
        func y(_ v: Double) -> Double { top + plotHeight - v / peak * plotHeight }
        let step = times.count > 1 ? plotWidth / Double(times.count - 1) : plotWidth

        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<text x=\"\(left)\" y=\"18\" class=\"title\">\(escape(title))</text>"
        if let bands {
            for (index, verdict) in bands.enumerated() where verdict != .steady {
                svg += "<rect x=\(fmt(x(times[index]) - step / 2)) y=\(fmt(top)) width=\(fmt(step + 0.5)) height=\(fmt(plotHeight)) fill=\"\(Self.bandColors[verdict]!)\"/>"
            }
        }
        for (index, hold) in holds.enumerated() where hold != .none && index < times.count {
            svg += "<rect x=\(fmt(x(times[index]) - step / 2)) y=\(fmt(top)) width=\(fmt(step + 0.5)) height=\(fmt(plotHeight)) fill=\"\(Self.holdColors[hold]!.color)\" fill-opacity=\"0.22\" class=\"hold-\(hold)\"/>"
        }
        for value in ticks {
            svg += "<line x1=\(fmt(left)) x2=\(fmt(width - right)) y1=\(fmt(y(value))) y2=\(fmt(y(value))) class=\"grid\"/>"
            svg += "<text x=\(fmt(left - 6)) y=\(fmt(y(value) + 4)) class=\"axis\" text-anchor=\"end\">\(escape(AxisTicks.label(value, unit: unit)))</text>"
        }
        for t in AxisTicks.times(first: first, last: last) {
            svg += "<line x1=\(fmt(x(t))) x2=\(fmt(x(t))) y1=\(fmt(top + plotHeight)) y2=\(fmt(top + plotHeight + 4)) class=\"grid\"/>"
            svg += "<text x=\(fmt(x(t))) y=\(fmt(height - 8)) class=\"axis\" text-anchor=\"middle\">\(AxisTicks.timeLabel(t))</text>"
        }
        if let cap {
            svg += "<line x1=\(fmt(left)) x2=\(fmt(width - right)) y1=\(fmt(y(cap.value))) y2=\(fmt(y(cap.value))) class=\"cap\"/>"
            svg += "<text x=\(fmt(width - right - 4)) y=\(fmt(y(cap.value) - 4)) class=\"axis\" text-anchor=\"end\">\(escape(cap.label))</text>"
        }
        for line in lines {
            // A value that is not finite is a gap (a ceiling that is not in force): the line breaks there.
            var runs: [String] = [], points = ""
            for (index, value) in line.values.enumerated() {
                if value.isFinite {
                    points += "\(raw(x(times[index]))),\(raw(y(value))) "
                } else if !points.isEmpty {
                    runs.append(points)
                    points = ""
                }
            }
            if !points.isEmpty { runs.append(points) }
            for run in runs {
                svg += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.6\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(run)\"/>"
            }
        }
        var legend = lines.map { ($0.color, $0.label, 1.0) }
        for hold in [Hold.paused, .ceiling] where holds.contains(hold) {
            legend.append((Self.holdColors[hold]!.color, Self.holdColors[hold]!.label, 0.45))
        }
        var legendX = width - right - legend.reduce(0) { $0 + 30 + Double($1.1.count) * 6.5 }
        for (color, label, opacity) in legend {
            svg += "<rect x=\(fmt(legendX)) y=\"10\" width=\"14\" height=\"\(opacity < 1 ? 8 : 4)\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>"
            svg += "<text x=\(fmt(legendX + 18)) y=\"16\" class=\"axis\">\(escape(label))</text>"
            legendX += 30 + Double(label.count) * 6.5
        }
        return svg + "</svg>"
    }

    private func fmt(_ value: Double) -> String { "\"\(raw(value))\"" }
    private func raw(_ value: Double) -> String { String(format: "%.1f", value) }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
