import Foundation
import Signals

/// What a backtest tells a person beside the report (on standard error, so the report stays clean):
/// how much was read, the gaps replayed fail-static, and the first failure of each query.
enum BacktestNotes {
    static func print(_ outcome: PrometheusBacktest.Outcome, savedTo path: String?) {
        var lines = ["backtest: \(outcome.steps) steps in \(outcome.chunks) chunks (\(outcome.queries) range queries); "
            + "\(outcome.stepsWithoutFrame) steps without a usable request rate, replayed fail-static"]
        for field in FrameField.allCases {
            guard let count = outcome.failureCounts[field], let first = outcome.firstFailures[field] else { continue }
            lines.append("  \(field.rawValue): no value in \(count) steps; first: \(first.error)")
        }
        for warning in outcome.warnings.sorted().prefix(5) { lines.append("  Prometheus warning: \(warning)") }
        if let path {
            lines.append("scenario saved to \(path)" + (outcome.stepsWithoutFrame > 0
                ? " (its \(outcome.stepsWithoutFrame) steps without a request rate hold the last rate, without other fields)" : ""))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
