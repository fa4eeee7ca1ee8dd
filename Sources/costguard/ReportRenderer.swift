import GuardCore
import Report

/// Feeds replay frames to the chosen report: JSON streams out frame by frame; Markdown and HTML
/// keep the bounded series they chart and render at the end.
struct ReportRenderer {
    private let format: ReportFormat
    private let sink: OutputSink
    private var json: JSONReport?
    private var series = SeriesCollector()

    init(format: ReportFormat, sink: OutputSink, name: String) throws {
        self.format = format
        self.sink = sink
        if format == .json { json = try JSONReport(sink: sink, scenario: name) }
    }

    mutating func add(_ frame: ReplayFrame) throws {
        if json != nil { try json!.frame(frame) } else { series.add(frame) }
    }

    func finish(_ summary: ReplaySummary) throws {
        switch format {
        case .json:
            try json!.finish(summary)
        case .markdown, .html:
            try sink.write(format == .markdown ? MarkdownReport.render(summary: summary, series: series)
                                               : HTMLReport.render(summary: summary, series: series))
            try sink.flush()
        }
    }
}
