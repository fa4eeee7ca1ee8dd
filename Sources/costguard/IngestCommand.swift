import CommandSupport
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
        var options = try IngestFlags.options(format: format, interval: interval, maxLateness: maxLateness, conversions: conversion)
        options.noveltyWarmup = try IngestFlags.duration("novelty-warmup", noveltyWarmup, 0...(7 * 86_400))
        let text: String
        do {
            text = try String(contentsOfFile: header, encoding: .utf8)
        } catch {
            throw ValidationError("--header \(header) cannot be read: \(error.localizedDescription); give a JSON file with cluster, workload and guard")
        }
        let template: HeaderTemplate
        do {
            template = try HeaderTemplate(json: text, interval: options.interval, source: header)
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
