import ArgumentParser

/// `costguard ingest`: access logs from files (the default, `files`) or over HTTP (`serve`).
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Turns ingress access logs into frames: from files into a scenario (the default), or live over HTTP (serve).",
        discussion: "See docs/access-logs.md.",
        subcommands: [IngestFilesCommand.self, IngestServeCommand.self],
        defaultSubcommand: IngestFilesCommand.self
    )
}
