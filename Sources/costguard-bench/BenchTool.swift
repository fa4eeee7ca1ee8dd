import ArgumentParser

/// `costguard-bench`: the benchmarks behind the README's figures, kept out of the operator's
/// executable. Build with `-c release` (and `--static-swift-stdlib`, as the image is, for memory).
@main
struct BenchTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costguard-bench",
        abstract: "CostGuard's benchmarks: replay, the Prometheus backtest, the operator at scale, access-log ingest and the live receiver.",
        subcommands: [BenchCommand.self, BenchBacktestCommand.self, BenchOperatorCommand.self, BenchIngestCommand.self,
                      BenchServeCommand.self]
    )
}
