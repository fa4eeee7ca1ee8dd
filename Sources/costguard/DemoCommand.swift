import ArgumentParser
import Foundation
import GuardCore
import Report

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Shows CostGuard deciding, on a built-in scenario (a flash crowd, then a flood).",
        discussion: """
        Replays a scenario through the decision engine and the reference cluster on a compressed \
        clock, one line per evaluation interval (time, offered rate, verdict, replicas, nodes, \
        hourly spend, action), then prints the report in Markdown and writes the HTML page.
        """
    )

    @Option(help: "Replay this scenario file instead of the built-in one.")
    var scenario: String?

    @Option(help: "Evaluation intervals shown per second of wall time (0: as fast as possible).")
    var speed: Double = 40

    @Option(help: "Where to write the HTML report.")
    var html: String = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-demo.html").path

    func run() throws {
        let path = try scenario ?? BuiltInScenarios.writeDemo()
        let reader: ScenarioReader
        do { reader = try ScenarioReader(path: path) } catch { throw CommandFailure("\(path): \(error)") }
        let header = reader.header
        print("CostGuard demo: \(header.name), \(Int(header.interval)) s intervals, caps \(capsText(header))")
        print("time      offered rps  verdict  score  replicas (unguarded)  nodes (unguarded)  spend/h  action")
        var series = SeriesCollector()
        let pause = speed > 0 ? 1 / speed : 0
        let summary = try Replay.run(reader) { frame in
            series.add(frame)
            print(describe(frame))
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
        print("")
        print(MarkdownReport.render(summary: summary, series: series))
        let sink = try OutputSink(path: html)
        try sink.write(HTMLReport.render(summary: summary, series: series))
        try sink.flush()
        print("HTML report: \(html)")
    }

    private func describe(_ frame: ReplayFrame) -> String {
        let action = SeriesCollector.describe(frame.changes).joined(separator: "; ")
        let columns = [
            Formatting.clock(frame.t).padding(toLength: 9, withPad: " ", startingAt: 0),
            String(format: "%11.0f", frame.rps),
            "  " + frame.verdict.class.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
            String(format: "%6.2f", frame.verdict.score),
            String(format: "%9d (%9d)", frame.guarded.replicas, frame.unguarded.replicas),
            String(format: "%6d (%9d)", frame.guarded.nodes, frame.unguarded.nodes),
            String(format: "%9.2f", frame.guarded.hourlySpend),
            frame.paused ? " [paused: \(frame.pauseReason!.rawValue)]" : "",
        ]
        return columns.joined(separator: " ") + (action.isEmpty ? "" : "  " + action)
    }

    private func capsText(_ header: ScenarioHeader) -> String {
        let caps = header.guardSpec.caps
        var parts: [String] = []
        if let nodes = caps.maxNodes { parts.append("\(nodes) nodes") }
        if let spend = caps.maxHourlySpend { parts.append("\(spend) \(header.guardSpec.pricing.currency)/h") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
