import CommandSupport
import FileOutput
import ArgumentParser
import CostGuardAPI
import Foundation
import GuardCore
import Report
import ScenarioIO

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Replays recorded traffic and shows what CostGuard would have done.",
        discussion: """
        Runs a scenario file (--scenario: JSON Lines, a header, then one frame per evaluation), or a
        window of Prometheus history (--prometheus URL --guard FILE --from T --to T: the guard's
        spec.signals.prometheus queries as range queries, one frame per step), through the same
        decision engine as the operator, on the reference cluster model, guarded and unguarded.
        JSON is the machine contract (one object: frames and summary); Markdown suits a pull-request
        comment; HTML is one self-contained page with charts. Every decision is applied in the
        replay, whatever the guard's mode, so a DryRun guard shows what Enforce would do.
        """
    )

    @Option(name: .long, help: "The scenario file to replay (\"-\" reads standard input).")
    var scenario: String?

    @Option(name: .customLong("also-guard"),
            help: "Another CostGuard manifest acting on the same workload (repeatable): every guard decides on the same frames and the workload gets their merged claims (any pause pauses, the lowest ceiling holds), as in the cluster.")
    var alsoGuard: [String] = []

    @OptionGroup(title: "Backtest from Prometheus history")
    var backtest: BacktestOptions

    @Option(name: .long, help: "json, markdown or html.")
    var format: ReportFormat = .json

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        switch (scenario, backtest.prometheus) {
        case (nil, nil):
            throw ValidationError("Give --scenario FILE, or --prometheus URL with --guard, --from and --to.")
        case (nil, .some) where !alsoGuard.isEmpty:
            throw ValidationError("--also-guard applies only with --scenario.")
        case (.some, .some):
            throw ValidationError("--scenario and --prometheus cannot be used together: replay a file, or backtest Prometheus history.")
        case (.some, nil):
            if let option = backtest.optionsSet.first {
                throw ValidationError("\(option) applies only with --prometheus.")
            }
        case (nil, .some):
            try backtest.validateForBacktest()
        }
    }

    func run() async throws {
        let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
        if let scenario {
            try replayScenario(scenario, sink: sink)
        } else {
            try await backtest.run(format: format, sink: sink)
        }
        do { try sink.close() } catch { throw CommandFailure("\(output ?? "standard output"): \(error)") }
    }

    private func replayScenario(_ path: String, sink: OutputSink) throws {
        let reader: ScenarioReader
        do {
            reader = try ScenarioReader(path: path)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        var others: [(name: String, spec: CostGuardSpec)] = []
        for file in alsoGuard {
            do {
                let read = try CostGuardSpec.readNamed(manifestFile: file)
                let name = read.name ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                guard name != Replay.scenarioGuardName, !others.contains(where: { $0.name == name }) else {
                    throw CommandFailure("\(file): a guard named \(name) is already in the replay; give each --also-guard its own metadata.name.")
                }
                others.append((name, read.spec))
            } catch let error as SpecErrors {
                throw CommandFailure("\(file): \(error)")
            }
        }
        do {
            var renderer = ReportRenderer(format: format, sink: sink, name: reader.header.name)
            let summary = try Replay.run(reader, otherGuards: others) { try renderer.add($0) }
            try renderer.finish(summary)
        } catch let error as ScenarioError {
            throw CommandFailure("\(path): \(error)")
        }
    }
}
