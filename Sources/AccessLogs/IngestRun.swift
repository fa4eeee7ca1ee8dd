import Foundation

/// One offline ingest: logs in, a scenario out, the history saved. What `costguard ingest` runs,
/// and what the tests and the bench call.
package struct IngestRun {
    package var options: IngestOptions
    package var header: HeaderTemplate
    package var statePath: String?
    package var filterCellsLog2 = 27

    package init(options: IngestOptions, header: HeaderTemplate) {
        self.options = options
        self.header = header
    }

    package struct Result: Sendable {
        package var frames: Int
        package var lines: Int
        package var bytes: Int
        package var skipped: SkipTally
    }

    /// Reads `paths` ("-" for standard input) and writes the scenario to `descriptor`.
    package func run(paths: [String], descriptor: Int32 = 1) throws -> Result {
        var history = SourceHistory(filter: SeenBeforeFilter(cellsLog2: filterCellsLog2))
        if let statePath, let saved = try StateFile.load(statePath) { history = saved }
        let output = ScenarioOutput(header: header, descriptor: descriptor)
        let sources = try LogSources(paths: paths, format: options.format)
        let ingest = LogIngest(options: options, history: history) { frame, start in try output.write(frame, start: start) }
        try sources.run(into: ingest)
        guard output.frames > 0 else {
            throw IngestError(.io, "no readable \(options.format.rawValue) request in \(paths.joined(separator: ", ")) (\(ingest.skipped.summary(linesRead: ingest.linesRead)))",
                              fix: "check --format matches the log")
        }
        try output.flush()
        if let statePath { try StateFile.save(ingest.history, to: statePath) }
        return Result(frames: output.frames, lines: ingest.linesRead, bytes: sources.bytesRead, skipped: ingest.skipped)
    }
}
