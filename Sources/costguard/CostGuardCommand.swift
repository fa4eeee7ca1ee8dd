import ArgumentParser
import OperatorRuntime

@main
struct CostGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costguard",
        abstract: "Keeps autoscaling from turning a traffic attack into a bill.",
        discussion: """
        CostGuard tells an attack-like surge from organic growth and holds hard node and spend caps \
        by pausing scale-ups, lowering replica ceilings and tightening deny lists and rate limits.
        """,
        version: "costguard \(BuildInfo.version) (revision \(BuildInfo.revision))",
        subcommands: [RunCommand.self, DemoCommand.self, ReportCommand.self, EvaluateCommand.self, RestoreCommand.self, IngestCommand.self]
    )

    /// Parses the command line after rewriting `--flag=true|false` of boolean flags (BooleanFlagArguments).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            let normalized = try BooleanFlagArguments.normalize(arguments, booleanFlags: BooleanFlagArguments.booleanFlags(of: self))
            await main(normalized)
        } catch {
            exit(withError: error)
        }
    }
}
