import FileOutput
import GuardCore
import Report

/// Feeds replay frames to the chosen report: JSON streams out frame by frame (starting with the
/// first frame, so a run that fails before it writes nothing); Markdown and HTML keep the bounded
/// series they chart and render at the end.
struct ReportRenderer {
    private let format: ReportFormat
    private let sink: OutputSink
    private let name: String
    private var json: JSONReport?
    private var series = SeriesCollector()

    init(format: ReportFormat, sink: OutputSink, name: String) {
        self.format = format
        self.sink = sink
        self.name = name
    }

    mutating func add(_ frame: ReplayFrame) throws {
        guard format == .json else { return series.add(frame) }
        if json == nil { json = try JSONReport(sink: sink, scenario: name) }
        try json!.frame(frame)
    }

    mutating func finish(_ summary: ReplaySummary) throws {
        switch format {
        case .json:
            if json == nil { json = try JSONReport(sink: sink, scenario: name) }
            try json!.finish(summary)
        case .markdown, .html:
            try sink.write(format == .markdown ? MarkdownReport.render(summary: summary, series: series)
                                               : HTMLReport.render(summary: summary, series: series))
            try sink.flush()
        }
    }
}
