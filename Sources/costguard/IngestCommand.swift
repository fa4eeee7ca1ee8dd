import AccessLogs
import ArgumentParser
import CostGuardAPI
import Foundation

/// `costguard ingest [files]`: access logs → a scenario file (spec: access-logs.md).
struct IngestFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Turns ingress access logs into a scenario file (frames with sources, routes, errors).",
        discussion: """
        Reads Traefik JSON, ingress-nginx text or Envoy JSON access logs (gzip or not; FILE may be - \
        for standard input; several files are read as one log) and writes a scenario (spec: \
        scenarios.md) on standard output; the count of unreadable lines goes to standard error. \
        See docs/access-logs.md. `costguard ingest FILE...` is short for `costguard ingest files FILE...`.
        """
    )

    @Option(help: "The log's format: traefik, nginx or envoy.")
    var format: String

    @Option(help: "Seconds per frame, as a duration (15s).")
    var interval: String = "15s"

    @Option(help: "A JSON file with the scenario's cluster, workload, guard and optional name.")
    var header: String

    @Option(help: ArgumentHelp("A conversion, \"METHOD PATH-PREFIX\" (repeatable): matching 2xx requests convert.", valueName: "rule"))
    var conversion: [String] = []

    @Option(help: "A file that keeps the seen-before history between runs (created if missing).")
    var state: String?

    @Option(help: "History needed before newRatio is reported.")
    var noveltyWarmup: String = "6h"

    @Option(help: "How far a line may be behind the newest one before it is skipped as late.")
    var maxLateness: String = "2m"

    @Argument(help: "Log files, or - for standard input.")
    var files: [String] = []

    func validate() throws {
        _ = try makeRun()
        if files.isEmpty { throw ValidationError("give one or more log files, or - for standard input") }
    }

    func makeRun() throws -> IngestRun {
        guard let format = LogFormat(rawValue: format) else {
            throw ValidationError("--format \(format) is not a log format; give traefik, nginx or envoy")
        }
        func duration(_ flag: String, _ text: String, _ range: ClosedRange<Double>) throws -> Double {
            guard let value = GoDuration(parsing: text)?.seconds, range.contains(value) else {
                throw ValidationError("--\(flag) \(text) is not a duration from \(GoDuration(seconds: range.lowerBound)) to \(GoDuration(seconds: range.upperBound)) (such as 15s, 2m, 6h)")
            }
            return value
        }
        let seconds = try duration("interval", interval, 1...3600)
        guard seconds == seconds.rounded() else { throw ValidationError("--interval \(interval) is not a whole number of seconds; give 15s, 30s or 1m") }
        var options = IngestOptions(format: format, interval: Int(seconds))
        options.noveltyWarmup = try duration("novelty-warmup", noveltyWarmup, 0...(7 * 86_400))
        options.maxLateness = try duration("max-lateness", maxLateness, 0...86_400)
        do {
            options.conversions = try conversion.map { rule throws(IngestError) in try ConversionRule(parsing: rule) }
        } catch {
            throw ValidationError(error.description)
        }
        let text: String
        do {
            text = try String(contentsOfFile: header, encoding: .utf8)
        } catch {
            throw ValidationError("--header \(header) cannot be read: \(error.localizedDescription); give a JSON file with cluster, workload and guard")
        }
        let template: HeaderTemplate
        do {
            template = try HeaderTemplate(json: text, interval: Int(seconds), source: header)
        } catch {
            throw ValidationError(error.description)
        }
        var run = IngestRun(options: options, header: template)
        run.statePath = state
        return run
    }

    func run() throws {
        let run = try makeRun()
        do {
            let result = try run.run(paths: files)
            FileHandle.standardError.write(Data("costguard ingest: \(result.frames) frames; \(result.skipped.summary(linesRead: result.lines))\n".utf8))
        } catch let error as IngestError {
            throw CommandFailure(error.description)
        }
    }
}
