import CommandSupport
import FileOutput
import ArgumentParser
import Demo
import Foundation
import GuardCore
import KubeSim
import Logging
import OperatorRuntime
import Report
import ScenarioIO

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Runs the operator against an embedded simulated cluster (a flash crowd, then a flood).",
        discussion: """
        Starts KubeSim (the embedded Kubernetes API) with a simulated HPA controller, node autoscaler and \
        traffic source driven by a scenario, and runs the real CostGuard operator against it over HTTP on a \
        compressed clock. Prints one line per evaluation interval (time, offered rate, verdict, replicas, \
        nodes, hourly spend, action), then the report in Markdown, and writes the HTML page.
        """
    )

    @Option(help: "Play this scenario file instead of the built-in one.")
    var scenario: String?

    @Option(help: "Evaluation intervals per second of wall time (0: as fast as possible).")
    var speed: Double = 40

    @Option(help: "Where to write the HTML report.")
    var html: String = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-demo.html").path

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more intervals per second.") }
    }

    func run() async throws {
        let path = try scenario ?? BuiltInScenarios.writeDemo()
        let reader: ScenarioReader
        do { reader = try ScenarioReader(path: path) } catch { throw CommandFailure("\(path): \(error)") }
        let header = reader.header
        var logger = Logger(label: "costguard.demo")
        logger.logLevel = .error
        let first: SignalFrame?
        do { first = try reader.next() } catch { throw CommandFailure("\(path): \(error)") }
        try await SimulatedCluster.with(header: header, logger: logger) { cluster in
            if let first, AccessLogFeed.carriesSources(first) {
                try await AccessLogFeed.with(header: header, clock: cluster.clock, countsConversions: first.conversionRatio != nil,
                                             logger: logger) { feed in
                    try await play(reader, first: first, on: cluster, feed: feed, logger: logger)
                }
            } else {
                try await play(reader, first: first, on: cluster, feed: nil, logger: logger)
            }
        }
    }

    private func play(_ reader: ScenarioReader, first: SignalFrame?, on cluster: SimulatedCluster, feed: AccessLogFeed?,
                      logger: Logger) async throws {
        let header = reader.header
        show("CostGuard demo: \(header.name), \(Int(header.interval)) s intervals, caps \(capsText(header)); "
              + "the operator runs against KubeSim at \(cluster.server.url)")
        if let feed {
            show("The traffic source writes every request as a Traefik access-log line to the live receiver at \(feed.url); "
                  + "the guard reads its frames from there (signals.accessLogs)")
        } else {
            show("The scenario's frames name no sources: the guard reads the rate from the HPA's metric")
        }
        show("time      offered rps  verdict  score  replicas (unguarded)  nodes (unguarded)  spend/h  action")
        var series = SeriesCollector()
        var summary = ReplaySummary(scenario: header.name, interval: header.interval, truth: header.truth, spec: header.guardSpec)
        // The built-in guard keeps a deny list, fed by the access logs' sources: the demo's
        // cluster serves Calico's GlobalNetworkSet, and drops the traffic of the networks listed.
        try cluster.installCalicoNetworkSets()
        try cluster.createGuard(spec: cluster.guardSpec(accessLogs: feed?.signals))
        // The first frame is played before the operator starts, so that it evaluates on it at once.
        if let first {
            try await feed?.write(first)
            let step = try cluster.begin(with: first)
            try await cluster.withOperator(identity: "costguard-demo") { handle in
                let (report, result) = try await handle.evaluation(of: cluster.guardName, at: cluster.evaluationTime(first.t))
                showDecision(first, step: step, report: report, result: result, summary: &summary, series: &series, header: header)
                var next = try reader.next()
                while let frame = next {
                    let started = ContinuousClock.now
                    try await feed?.write(frame)
                    let (step, results) = try await cluster.step(frame, operators: [handle])
                    showDecision(frame, step: step, report: results[0].report, result: results[0].result, summary: &summary, series: &series,
                         header: header)
                    if speed > 0 {
                        let rest = Duration.seconds(1 / speed) - (ContinuousClock.now - started)
                        if rest > .zero { try await Task.sleep(for: rest) }
                    }
                    next = try reader.next()
                }
            }
        }
        print("")
        print(MarkdownReport.render(summary: summary, series: series))
        let sink = try OutputSink(path: html)
        try sink.write(HTMLReport.render(summary: summary, series: series))
        try sink.close()
        print("HTML report: \(html)")
    }

    /// One frame as the operator decided it: a line of the table, and into the summary and series.
    private func showDecision(_ frame: SignalFrame, step: ClusterSimulation.Step, report: CycleReport, result: CycleReport.GuardResult,
                      summary: inout ReplaySummary, series: inout SeriesCollector, header: ScenarioHeader) {
        let replayed = ReplayFrame(t: frame.t, rps: frame.rps, verdict: result.plan.verdict, pauseReason: result.plan.pauseReason,
                                   replicaCeiling: result.plan.ceilings.first?.maxReplicas,
                                   denied: result.plan.denyList.map(\.prefix), guarded: step.guarded,
                                   unguarded: step.unguarded, changes: result.plan.changes)
        summary.add(replayed, deniedRps: step.deniedRps)
        series.add(replayed)
        show(describe(replayed, writes: report.hpaWrites.map { onScenarioClock($0, start: header.start) }))
    }

    /// Prints a line at once, even into a pipe or a file (where output is otherwise flushed in
    /// 4 kB blocks), so `demo | tee` and a kubectl beside it see each line, and KubeSim's
    /// address, as it comes.
    private func show(_ line: String) {
        print(line)
        fflush(nil)
    }

    private func describe(_ frame: ReplayFrame, writes: [String]) -> String {
        // A write names its object's kind ("GlobalNetworkSet costguard-deny: …") except an HPA's
        // ("shop/web: …"; a namespace is lower case).
        let named = writes.map { $0.first?.isUppercase == true ? $0 : "HPA \($0)" }
        let action = (SeriesCollector.describe(frame.changes) + named).joined(separator: "; ")
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

    /// The operator's summaries name wall-clock times; the demo's time column counts from the
    /// scenario's start, so its times are shown that way too.
    private func onScenarioClock(_ text: String, start: Date) -> String {
        text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/) { match in
            guard let time = try? Date(String(match.output.0), strategy: .iso8601) else { return String(match.output.0) }
            return Formatting.clock(time.timeIntervalSince(start))
        }
    }

    private func capsText(_ header: ScenarioHeader) -> String {
        let caps = header.guardSpec.caps
        var parts: [String] = []
        if let nodes = caps.maxNodes { parts.append("\(nodes) nodes") }
        if let spend = caps.maxHourlySpend { parts.append("\(spend) \(header.guardSpec.pricing.currency)/h") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
