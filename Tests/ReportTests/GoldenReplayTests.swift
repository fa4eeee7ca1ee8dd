import Foundation
import GuardCore
import Report
import ScenarioCatalog
import ScenarioIO
import Testing

/// Every catalogue scenario's replay report, kept in `Golden/<scenario>.md`: a change to what the
/// guard decides or what it costs shows in review as a diff of these files. A run with
/// `COSTGUARD_UPDATE_GOLDEN=1` writes them afresh (and fails, so that an update is never silent).
@Suite struct GoldenReplayTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["COSTGUARD_UPDATE_GOLDEN"] == "1"

    static func report(_ recipe: ScenarioRecipe) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(recipe.name)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try recipe.write(to: path)
        let reader = try ScenarioReader(path: path)
        var series = SeriesCollector()
        let summary = try Replay.run(reader) { series.add($0) }
        return MarkdownReport.render(summary: summary, series: series)
    }

    @Test(arguments: ScenarioCatalog.all.map(\.name))
    func theReplayReportIsTheOneReviewed(name: String) throws {
        let recipe = try #require(ScenarioCatalog.all.first { $0.name == name })
        let report = try Self.report(recipe)
        let file = Self.directory.appendingPathComponent("\(name).md")
        if Self.updating {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(report.utf8).write(to: file)
            Issue.record("wrote \(file.path): review the diff and commit it, then run without COSTGUARD_UPDATE_GOLDEN")
            return
        }
        let kept = try String(contentsOf: file, encoding: .utf8)
        guard kept != report else { return }
        let keptLines = kept.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(keptLines, lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(keptLines.count, lines.count)
        Issue.record("""
            \(name): the replay report differs from \(file.lastPathComponent) from line \(first + 1):
              kept: \(first < keptLines.count ? keptLines[first] : "(end)")
              now:  \(first < lines.count ? lines[first] : "(end)")
            If the change is meant, run with COSTGUARD_UPDATE_GOLDEN=1 and commit the diff.
            """)
    }
}
