import ArgumentParser
import GuardCore
import Report

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Replays recorded traffic and shows what CostGuard would have done.",
        discussion: """
        Runs a scenario file (JSON Lines: a header, then one frame per evaluation) through the same
        decision engine as the operator, on the reference cluster model, guarded and unguarded.
        JSON is the machine contract (one object: frames and summary); Markdown suits a pull-request
        comment; HTML is one self-contained page with charts. Every decision is applied in the
        replay, whatever the guard's mode, so a DryRun guard shows what Enforce would do.
        """
    )

    @Option(name: .long, help: "The scenario file to replay (\"-\" reads standard input).")
    var scenario: String

    @Option(name: .long, help: "json, markdown or html.")
    var format: ReportFormat = .json

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let reader: ScenarioReader
        do {
            reader = try ScenarioReader(path: scenario)
        } catch {
            throw ValidationError("\(scenario): \(error)")
        }
        let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
        do {
            switch format {
            case .json:
                var report = try JSONReport(sink: sink, scenario: reader.header.name)
                let summary = try Replay.run(reader) { try report.frame($0) }
                try report.finish(summary)
            case .markdown, .html:
                var series = SeriesCollector()
                let summary = try Replay.run(reader) { series.add($0) }
                try sink.write(format == .markdown ? MarkdownReport.render(summary: summary, series: series)
                                                   : HTMLReport.render(summary: summary, series: series))
                try sink.flush()
            }
        } catch let error as ScenarioError {
            try? sink.flush()
            throw ValidationError("\(scenario): \(error)")
        }
    }
}
