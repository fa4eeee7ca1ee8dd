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
        let cluster = try await SimulatedCluster(header: header, logger: logger)
        var feed: AccessLogFeed?
        do {
            if let first, AccessLogFeed.carriesSources(first) {
                feed = try await AccessLogFeed(header: header, clock: cluster.clock, countsConversions: first.conversionRatio != nil, logger: logger)
            }
            try await play(reader, first: first, on: cluster, feed: feed, logger: logger)
        } catch {
            await feed?.shutdown()
            await cluster.shutdown()
            throw error
        }
        await feed?.shutdown()
        await cluster.shutdown()
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
        var handle: OperatorHandle?
        do {
            var next = first
            while let frame = next {
                let started = ContinuousClock.now
                try await feed?.write(frame)
                let step: ClusterSimulation.Step
                let report: CycleReport
                let result: CycleReport.GuardResult
                if let running = handle {
                    let played = try await cluster.step(frame, operators: [running])
                    step = played.0
                    (report, result) = played.1[0]
                } else {
                    step = try cluster.begin(with: frame)
                    let started = try await cluster.startOperator(identity: "costguard-demo")
                    handle = started
                    (report, result) = try await started.evaluation(of: cluster.guardName, at: cluster.evaluationTime(frame.t))
                }
                let replayed = ReplayFrame(t: frame.t, rps: frame.rps, verdict: result.plan.verdict, pauseReason: result.plan.pauseReason,
                                           replicaCeiling: result.plan.ceilings.first?.maxReplicas,
                                           denied: result.plan.denyList.map(\.prefix), guarded: step.guarded,
                                           unguarded: step.unguarded, changes: result.plan.changes)
                summary.add(replayed, deniedRps: step.deniedRps)
                series.add(replayed)
                show(describe(replayed, writes: report.hpaWrites.map { onScenarioClock($0, start: header.start) }))
                if speed > 0 {
                    let rest = Duration.seconds(1 / speed) - (ContinuousClock.now - started)
                    if rest > .zero { try await Task.sleep(for: rest) }
                }
                next = try reader.next()
            }
        } catch {
            await handle?.stop()
            throw error
        }
        await handle?.stop()
        print("")
        print(MarkdownReport.render(summary: summary, series: series))
        let sink = try OutputSink(path: html)
        try sink.write(HTMLReport.render(summary: summary, series: series))
        try sink.close()
        print("HTML report: \(html)")
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
