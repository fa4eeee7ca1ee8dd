import GuardCore

/// A replay summary fit for a pull-request comment.
package enum MarkdownReport {
    package static func render(summary: ReplaySummary, series: SeriesCollector, eventLimit: Int = 40) -> String {
        var out = "## CostGuard replay: \(summary.scenario)\n\n"
        out += Self.context(summary) + "\n\n"
        out += "| | Guarded | Unguarded |\n|---|---:|---:|\n"
        for (label, guarded, unguarded) in SummaryRows(summary).rows {
            out += "| \(label) | \(guarded) | \(unguarded) |\n"
        }
        let verdicts = Dictionary(grouping: series.finished(), by: \.verdict).mapValues(\.count)
        if let surge = verdicts[.surge], surge > 0 {
            out += "\nSurge seen in \(Formatting.duration(summary.surgeSeconds)) of \(Formatting.duration(Double(summary.frames) * summary.interval)).\n"
        }
        if !summary.guards.isEmpty {
            out += "\n### Guards\n\n" + GuardRows.intro("`kubectl get costguards`") + ":\n\n"
            out += "| " + GuardRows.header.joined(separator: " | ") + " |\n|"
                + GuardRows.header.indices.map { $0 < GuardRows.textColumns ? "---|" : "---:|" }.joined() + "\n"
            for row in GuardRows(summary).rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        }
        out += "\n### Decisions\n\n"
        if series.events.isEmpty {
            out += "No action was needed.\n"
        } else {
            out += "| Time | Action |\n|---|---|\n"
            for event in series.events.prefix(eventLimit) {
                out += "| \(Formatting.clock(event.t)) | \(event.text.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            let more = series.events.count - min(series.events.count, eventLimit) + series.eventsDropped
            if more > 0 { out += "\n… and \(more) more.\n" }
        }
        return out
    }

    static func context(_ summary: ReplaySummary) -> String {
        let spec = summary.spec
        var caps: [String] = []
        if let nodes = spec.caps.maxNodes { caps.append("\(nodes) nodes") }
        if let spend = spec.caps.maxHourlySpend { caps.append("\(spend) \(spec.pricing.currency)/h") }
        if let budget = spec.caps.monthlyBudget { caps.append("\(budget) \(spec.pricing.currency)/month") }
        let length = Formatting.duration(Double(summary.frames) * summary.interval)
        return "Mode \(spec.mode.rawValue) (replay applies every decision) · caps: \(caps.isEmpty ? "none" : caps.joined(separator: ", ")) · "
            + "sensitivity \(spec.detection.sensitivity.rawValue) · \(summary.frames) frames of \(Int(summary.interval)) s (\(length))"
    }
}
