import CommandSupport
import FileOutput
import ArgumentParser
import CostGuardAPI
import Foundation
import GuardCore
import Report
import ScenarioIO
import Signals

/// `costguard report --prometheus …`: the options, and the run that wires them together.
struct BacktestOptions: ParsableArguments {
    @Option(name: .long, help: "Prometheus base URL to backtest against (overrides the guard's spec.signals.prometheus.url).")
    var prometheus: String?

    @Option(name: .customLong("guard"), help: "A CostGuard manifest (YAML or JSON) whose spec.signals.prometheus queries build the frames.")
    var guardFile: String?

    @Option(name: .long, help: "Start of the window: RFC 3339 (2026-11-20T08:00:00Z) or Unix seconds.")
    var from: String?

    @Option(name: .long, help: "End of the window, included: RFC 3339 or Unix seconds.")
    var to: String?

    @Option(name: .long, help: "Seconds between frames, as a duration (15s); default: the guard's signals.interval.")
    var step: String?

    @Option(name: .long, help: "A JSON or YAML object with the cluster and workload keys of a scenario header; default in docs/signals.md.")
    var cluster: String?

    @Option(name: .long, help: "Also write the frames built as a scenario file, to replay later with --scenario.")
    var saveScenario: String?

    @Option(name: .long, help: "Read a bearer token from this file (re-read when it changes).")
    var bearerTokenFile: String?

    @Option(name: .long, help: "Basic auth user name; the password is read from --basic-auth-password-file.")
    var basicAuthUser: String?

    @Option(name: .long, help: "Read the basic auth password from this file (re-read when it changes).")
    var basicAuthPasswordFile: String?

    @Option(name: .long, help: "A PEM bundle of CAs to trust for an https Prometheus (verification stays on).")
    var caFile: String?

    @Option(name: .long, help: "Seconds to wait for each query.")
    var timeout: Double = 60

    /// The backtest-only options that were given, by flag, for the "only with --prometheus" error.
    var optionsSet: [String] {
        let all: [(String, Any?)] = [("--guard", guardFile), ("--from", from), ("--to", to), ("--step", step),
                                     ("--cluster", cluster), ("--save-scenario", saveScenario),
                                     ("--bearer-token-file", bearerTokenFile), ("--basic-auth-user", basicAuthUser),
                                     ("--basic-auth-password-file", basicAuthPasswordFile), ("--ca-file", caFile)]
        return all.compactMap { $0.1 == nil ? nil : $0.0 }
    }

    func validateForBacktest() throws {
        guard guardFile != nil else { throw ValidationError("--prometheus needs --guard FILE: the guard whose queries build the frames.") }
        guard let from else { throw ValidationError("--prometheus needs --from T (RFC 3339 or Unix seconds).") }
        guard let to else { throw ValidationError("--prometheus needs --to T (RFC 3339 or Unix seconds).") }
        guard let start = BacktestSetup.parseTime(from) else { throw ValidationError("--from \(from) is neither RFC 3339 nor Unix seconds.") }
        guard let end = BacktestSetup.parseTime(to) else { throw ValidationError("--to \(to) is neither RFC 3339 nor Unix seconds.") }
        guard end >= start else { throw ValidationError("--to \(to) is before --from \(from).") }
        if let step, GoDuration(parsing: step).map({ $0.seconds >= 1 }) != true {
            throw ValidationError("--step \(step) is not a duration of at least 1s, such as 15s.")
        }
        // Without --step the guard's interval sets the frames; run() checks the window then.
        if let step, let seconds = GoDuration(parsing: step)?.seconds {
            do { try BacktestWindow(from: start, to: end, step: seconds).checkBounded() } catch { throw ValidationError("\(error.message).") }
        }
        if bearerTokenFile != nil, basicAuthUser != nil {
            throw ValidationError("--bearer-token-file and --basic-auth-user cannot be used together.")
        }
        if (basicAuthUser == nil) != (basicAuthPasswordFile == nil) {
            throw ValidationError("--basic-auth-user and --basic-auth-password-file go together.")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be above zero.") }
    }

    func run(format: ReportFormat, sink: OutputSink) async throws {
        guard let guardFile, let from, let to, let url = prometheus else { return }
        let spec: CostGuardSpec
        do {
            spec = try CostGuardSpec.read(manifestFile: guardFile)
        } catch {
            throw CommandFailure("\(guardFile): \(error)")
        }
        guard let config = spec.signals.prometheus else {
            throw CommandFailure("\(guardFile): spec.signals.prometheus is not set; the backtest needs its queries.")
        }
        let interval = step.flatMap(GoDuration.init(parsing:))?.seconds ?? spec.signals.interval.seconds
        let window = BacktestWindow(from: BacktestSetup.parseTime(from)!, to: BacktestSetup.parseTime(to)!, step: interval)
        do { try window.checkBounded() } catch { throw CommandFailure("\(guardFile): spec.signals.interval: \(error.message)") }
        var model: ClusterModel?
        if let cluster {
            do { model = try ScenarioHeader.readClusterModel(path: cluster) } catch { throw CommandFailure("\(cluster): \(error)") }
        }
        let header = BacktestSetup.header(spec: spec, window: window, model: model, name: "prometheus \(from) to \(to)")
        let client = try PrometheusClient(endpoint: endpoint(url))
        do {
            try await replay(PrometheusBacktest(evaluator: RangeEvaluator(client: client, queries: FrameQueries(config)), window: window),
                             header: header, format: format, sink: sink)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func replay(_ backtest: PrometheusBacktest, header: ScenarioHeader, format: ReportFormat, sink: OutputSink) async throws {
        let writer = try saveScenario.map { try ScenarioWriter(path: $0, header: header) }
        var renderer = ReportRenderer(format: format, sink: sink, name: header.name)
        let outcome: PrometheusBacktest.Outcome
        do {
            outcome = try await backtest.run(header: header, save: writer) { try renderer.add($0) }
        } catch let error as SignalsError {
            throw BacktestFailure(description: "backtest stopped: \(error)")
        }
        try renderer.finish(outcome.summary)
        BacktestNotes.print(outcome, savedTo: saveScenario)
    }

    private func endpoint(_ url: String) -> PrometheusEndpoint {
        var authorization = PrometheusEndpoint.Authorization.none
        if let bearerTokenFile { authorization = .bearerTokenFile(bearerTokenFile) }
        if let basicAuthUser, let basicAuthPasswordFile { authorization = .basic(username: basicAuthUser, passwordFile: basicAuthPasswordFile) }
        return PrometheusEndpoint(url: url, timeoutSeconds: timeout, authorization: authorization, caFile: caFile)
    }
}

/// A backtest that could not run to the end: said plainly, without the usage text of a bad option.
struct BacktestFailure: Error, CustomStringConvertible {
    var description: String
}
