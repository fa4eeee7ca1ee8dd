import ArgumentParser
import Foundation
import ScenarioCatalog

/// `costguard evaluate`: the evaluation catalogue, CostGuard beside the static threshold guard.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Replays the evaluation catalogue: CostGuard and a static 3x-median guard, per family.",
        discussion: """
        Each family generates scenarios from seeds: the tuning set is what the classifier may be tuned \
        on, the evaluation set judges a change and is never tuned on (docs/classifier.md).
        """
    )

    enum SeedSet: String, ExpressibleByArgument, CaseIterable { case tuning, evaluation }
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Option(help: "Seed set: tuning or evaluation.")
    var set: SeedSet = .evaluation

    @Option(help: "Signals the guard has: full, rps-errors-routes or rps; counted is full with each frame's ratios counted from its requests (binomial noise), as an ingress measures them.")
    var signals: String = "full"

    @Option(help: "Output format: markdown or json.")
    var format: Format = .markdown

    @Option(help: "Only this family (repeatable).")
    var family: [String] = []

    @Option(help: "Use only the first N seeds of the set.")
    var seeds: Int?

    func run() throws {
        guard let signalSet = SignalSet(rawValue: signals) else {
            throw ValidationError("--signals: '\(signals)' is not one of \(SignalSet.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var families = EvaluationFamily.all
        if !family.isEmpty {
            let unknown = family.filter { name in !families.contains { $0.name == name } }
            guard unknown.isEmpty else {
                throw ValidationError("--family: unknown \(unknown.joined(separator: ", ")); known: \(families.map(\.name).joined(separator: ", "))")
            }
            families = families.filter { family.contains($0.name) }
        }
        var seedList = set == .tuning ? EvaluationSeeds.tuning : EvaluationSeeds.evaluation
        if let seeds {
            guard seeds > 0 else { throw ValidationError("--seeds: must be at least 1") }
            seedList = Array(seedList.prefix(seeds))
        }
        let outcomes = Evaluation.run(families: families, seeds: seedList, signals: signalSet)
        let table = EvaluationTable(set: set.rawValue, signals: signalSet, outcomes: outcomes)
        print(format == .markdown ? table.markdown : table.json, terminator: "")
    }
}
