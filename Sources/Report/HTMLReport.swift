import GuardCore

/// One self-contained page: summary table, charts as inline SVG, the decisions. No scripts, no fetches.
package enum HTMLReport {
    package static func render(summary: ReplaySummary, series: SeriesCollector) -> String {
        let buckets = series.finished()
        let times = buckets.map(\.t)
        let spec = summary.spec
        let currency = spec.pricing.currency
        let holds = buckets.map(SVGChart.Hold.of)
        var charts: [SVGChart] = [
            SVGChart(title: "Offered rate, background by verdict: red surge, green organic, grey warm-up", unit: "req/s", times: times,
                     lines: [.init(label: "offered", color: "#1f5fa8", values: buckets.map(\.rps))],
                     bands: buckets.map(\.verdict), holds: holds),
            SVGChart(title: "Replicas", unit: "", integral: true, times: times,
                     lines: [.init(label: "guarded", color: "#1a7f37", values: buckets.map { Double($0.replicas) }),
                             .init(label: "unguarded", color: "#b35900", values: buckets.map { Double($0.unguardedReplicas) }, dashed: true)]
                        + ceilingLine(buckets),
                     holds: holds),
            SVGChart(title: "Nodes", unit: "", integral: true, times: times,
                     lines: [.init(label: "guarded", color: "#1a7f37", values: buckets.map { Double($0.nodes) }),
                             .init(label: "unguarded", color: "#b35900", values: buckets.map { Double($0.unguardedNodes) }, dashed: true)],
                     cap: spec.caps.maxNodes.map { ("maxNodes \($0)", Double($0)) }, holds: holds),
            SVGChart(title: "Hourly spend", unit: "\(currency)/h", times: times,
                     lines: [.init(label: "guarded", color: "#1a7f37", values: buckets.map(\.spend)),
                             .init(label: "unguarded", color: "#b35900", values: buckets.map(\.unguardedSpend), dashed: true)],
                     cap: spec.caps.maxHourlySpend.map { ("maxHourlySpend \($0)", $0.double) }, holds: holds),
        ]
        if spec.actions.denyList.enabled {
            charts.append(SVGChart(title: "Deny list", unit: "prefixes", integral: true, times: times,
                                   lines: [.init(label: "denied", color: "#8250df", values: buckets.map { Double($0.denied) })],
                                   holds: holds))
        }

        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CostGuard replay: \(escape(summary.scenario))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 12px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
        .context{color:#57606a;margin-bottom:16px}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:4px 10px;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
        svg{width:100%;height:auto;margin:10px 0;border:1px solid #eaeef2;border-radius:4px}
        .title{font-size:13px;font-weight:600;fill:#1f2328}.axis{font-size:11px;fill:#57606a}
        .grid{stroke:#d8dee4;stroke-width:1}.cap{stroke:#cf222e;stroke-width:1.4;stroke-dasharray:6 4}
        </style></head><body>
        <h1>CostGuard replay: \(escape(summary.scenario))</h1>
        <div class="context">\(escape(MarkdownReport.context(summary)))</div>
        <h2>Summary</h2>
        <table><tr><th></th><th>Guarded</th><th>Unguarded</th></tr>

        """
        for (label, guarded, unguarded) in SummaryRows(summary).rows {
            page += "<tr><td>\(escape(label))</td><td class=\"n\">\(escape(guarded))</td><td class=\"n\">\(escape(unguarded))</td></tr>\n"
        }
        page += "</table>\n"
        if !summary.guards.isEmpty {
            // The intro is constant text, with no character HTML needs escaped.
            page += "<h2>Guards</h2>\n<p>" + GuardRows.intro("<code>kubectl get costguards</code>") + ".</p>\n"
            page += "<table><tr>" + GuardRows.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            for row in GuardRows(summary).rows {
                let cells = row.enumerated().map { index, text in
                    index < GuardRows.textColumns ? "<td>\(escape(text))</td>" : "<td class=\"n\">\(escape(text))</td>"
                }
                page += "<tr>" + cells.joined() + "</tr>\n"
            }
            page += "</table>\n"
        }
        page += "<h2>Charts</h2>\n"
        for chart in charts { page += chart.render() + "\n" }
        page += "<h2>Decisions</h2>\n"
        if series.events.isEmpty {
            page += "<p>No action was needed.</p>\n"
        } else {
            page += "<table><tr><th>Time</th><th>Action</th></tr>\n"
            for event in series.events {
                page += "<tr><td>\(Formatting.clock(event.t))</td><td>\(escape(event.text))</td></tr>\n"
            }
            page += "</table>\n"
            if series.eventsDropped > 0 { page += "<p>… and \(series.eventsDropped) more.</p>\n" }
        }
        page += "</body></html>\n"
        return page
    }

    /// The replica ceiling in force (a cap's or a surge's), drawn where it holds; none if it never did.
    static func ceilingLine(_ buckets: [SeriesCollector.Bucket]) -> [SVGChart.Line] {
        guard buckets.contains(where: { $0.ceiling != nil }) else { return [] }
        return [.init(label: "ceiling", color: "#9a6700", values: buckets.map { $0.ceiling.map(Double.init) ?? .nan })]
    }
}
