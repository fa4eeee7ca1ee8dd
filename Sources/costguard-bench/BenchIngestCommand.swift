import CommandSupport
import AccessLogs
import ArgumentParser
import Foundation

/// `costguard-bench ingest`: file → scenario speed of `costguard ingest` and its peak memory.
struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Measures costguard ingest's speed, file to scenario (build with -c release for real figures).",
        discussion: """
        Writes a 2-hour Traefik JSON log of about 1.9 million lines (organic traffic and a flood) \
        unless --log names one, in a child process so that its memory is not counted; then ingests \
        it to /dev/null and prints lines/s, MB/s and peak resident memory. Pin it to one core with \
        taskset -c 0.
        """
    )

    @Option(help: "Ingest this log instead of generating one.")
    var log: String?

    @Option(help: "The log's format, with --log.")
    var format: String = "traefik"

    @Option(help: ArgumentHelp("Only write the generated log to this path (used by the bench itself).", visibility: .hidden))
    var generate: String?

    func run() throws {
        let generator = TrafficGenerator()
        if let generate {
            let output = try generator.write(traefik: generate)
            print("generated \(output.lines) requests and \(output.garbage) unreadable lines, \(output.bytes) bytes")
            return
        }
        let path: String
        if let log {
            path = log
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-bench-ingest.log").path
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["ingest", "--generate", path]
            try child.run()
            child.waitUntilExit()
            guard child.terminationStatus == 0 else { throw CommandFailure("generating the log failed (status \(child.terminationStatus))") }
        }
        guard let logFormat = LogFormat(rawValue: format) else { throw ValidationError("--format \(format) is not traefik, nginx or envoy") }
        var options = IngestOptions(format: logFormat, interval: 15)
        options.noveltyWarmup = 1800
        options.conversions = [try ConversionRule(parsing: "POST /checkout")]
        var run = IngestRun(options: options, header: try HeaderTemplate(json: generator.headerJSON(), interval: 15, source: "built-in"))
        run.filterCellsLog2 = 27
        let null = open("/dev/null", O_WRONLY)
        guard null >= 0 else { throw CommandFailure("cannot open /dev/null") }
        defer { close(null) }
        let started = Stopwatch()
        let result = try run.run(paths: [path], descriptor: null)
        let time = started.elapsed()
        let megabytes = Double(result.bytes) / 1e6
        print("log: \(path), \(result.lines) lines, \(String(format: "%.1f", megabytes)) MB, \(String(format: "%.0f", Double(result.bytes) / Double(max(result.lines, 1)))) bytes a line")
        print("ingest (\(format) → scenario, \(result.frames) frames): \(String(format: "%.2f", time.wall)) s wall, \(String(format: "%.2f", time.cpu)) s CPU")
        print("  \(String(format: "%.0f", Double(result.lines) / time.wall)) lines/s, \(String(format: "%.1f", megabytes / time.wall)) MB/s, peak RSS \(ProcessUsage.statusKiB("VmHWM") / 1024) MiB")
        print("  \(result.skipped.summary(linesRead: result.lines))")
    }
}
