import FileOutput
import Foundation
@testable import GuardCore
@testable import Report
import ScenarioIO
import Testing

@Suite struct ReportRenderingTests {
    static var flood: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/scenarios/http-flood-botnet.jsonl").path
    }

    @Test func jsonFollowsTheReplayContract() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let sink = try OutputSink(path: path)
            let reader = try ScenarioReader(path: Self.flood)
            var report = try JSONReport(sink: sink, scenario: reader.header.name)
            let summary = try Replay.run(reader) { try report.frame($0) }
            try report.finish(summary)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(object["scenario"] as? String == "http-flood-botnet")
        let frames = try #require(object["frames"] as? [[String: Any]])
        #expect(frames.count == 1920, "8 hours at 15 s")
        for key in ["t", "verdict", "score", "paused", "pauseReason", "replicaCeiling", "denied", "replicas", "nodes", "hourlySpend"] {
            #expect(frames.allSatisfy { $0.keys.contains(key) }, "every frame has \(key)")
        }
        #expect(Set(frames.map { $0["verdict"] as! String }).isSubset(of: ["warmup", "steady", "organic", "surge"]))
        #expect(frames.allSatisfy { ($0["score"] as! Double) >= 0 && ($0["score"] as! Double) <= 1 })
        let summary = try #require(object["summary"] as? [String: Any])
        for key in ["firstSurgeAt", "firstPauseAt", "pausedSeconds", "deniedPrefixes", "guarded", "unguarded"] {
            #expect(summary.keys.contains(key), "summary has \(key)")
        }
        let guarded = try #require(summary["guarded"] as? [String: Any])
        #expect(Set(["nodeHours", "cost", "peakNodes"]).isSubset(of: Set(guarded.keys)))
        // Totals agree with the frames: cost is the sum of hourly spend over 15 s frames.
        let cost = frames.reduce(0.0) { $0 + ($1["hourlySpend"] as! Double) * 15 / 3600 }
        #expect(abs(cost - (guarded["cost"] as! Double)) < 0.05)
    }

    @Test func htmlIsOneSelfContainedPageWithCharts() throws {
        let reader = try ScenarioReader(path: Self.flood)
        var series = SeriesCollector()
        let summary = try Replay.run(reader) { series.add($0) }
        let page = HTMLReport.render(summary: summary, series: series)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 5)
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("href="))
        #expect(page.contains("Cost saved"))
        #expect(series.finished().count <= 1200)
        let markdown = MarkdownReport.render(summary: summary, series: series)
        #expect(markdown.contains("| Cost |"))
        #expect(markdown.contains("paused scale-up (surge)"))
    }

    @Test func seriesStayWithinCapacityForLongReplays() {
        var series = SeriesCollector(capacity: 100)
        let step = ReferenceCluster.Step(replicas: 1, desired: 1, nodes: 1, readyNodes: 1, hourlySpend: 0.2, admitted: 1, served: 1)
        for index in 0..<100_000 {
            let verdict = Verdict(class: index == 77_777 ? .surge : .steady, score: 0, reasons: [], rateOnly: false)
            series.add(ReplayFrame(t: Double(index) * 15, rps: Double(index % 1000), verdict: verdict, pauseReason: nil,
                                   replicaCeiling: nil, denied: [], guarded: step, unguarded: step, changes: []))
        }
        let buckets = series.finished()
        #expect(buckets.count <= 100)
        #expect(buckets.contains { $0.verdict == .surge }, "a single surge frame survives downsampling")
        #expect(buckets.map(\.rps).max() == 999)
    }

    /// Axes tick on round values with their unit (not 1.7k, 6.50 prefixes or 01:19:55).
    @Test func axesTickOnRoundValuesWithUnits() {
        #expect(AxisTicks.values(peak: 6543) == [0, 2000, 4000, 6000, 8000])
        #expect(AxisTicks.values(peak: 6.5, integral: true) == [0, 2, 4, 6, 8])
        #expect(AxisTicks.values(peak: 1.3, integral: true) == [0, 1, 2])
        #expect(AxisTicks.values(peak: 0.37) == [0, 0.1, 0.2, 0.3, 0.4])
        #expect(AxisTicks.label(8000, unit: "req/s") == "8k req/s")
        #expect(AxisTicks.label(2500, unit: "req/s") == "2.5k req/s")
        #expect(AxisTicks.label(0.25, unit: "USD/h") == "0.25 USD/h")
        #expect(AxisTicks.label(40, unit: "") == "40")
        #expect(AxisTicks.times(first: 0, last: 8 * 3600) == [0, 7200, 14_400, 21_600, 28_800])
        #expect(AxisTicks.times(first: 15, last: 1800).allSatisfy { $0.truncatingRemainder(dividingBy: 300) == 0 })
        #expect(AxisTicks.timeLabel(5400) == "01:30" && AxisTicks.timeLabel(86_400 + 21_600) == "day 2 06:00")
    }

    /// Every chart shades the intervals where scale-up was paused, and the summary says how many
    /// admitted requests were shed, guarded against unguarded.
    @Test func pausedIntervalsAreShadedOnEveryChartAndShedLoadIsSummarized() throws {
        let reader = try ScenarioReader(path: Self.flood)
        var series = SeriesCollector()
        let summary = try Replay.run(reader) { series.add($0) }
        let page = HTMLReport.render(summary: summary, series: series)
        let charts = page.components(separatedBy: "<svg").dropFirst()
        #expect(charts.count == 5)
        #expect(charts.allSatisfy { $0.contains("class=\"hold-paused\"") && $0.contains("scale-up paused") })
        #expect(!page.contains("01:19:55") && !page.contains(".50 "))
        #expect(page.contains("Requests shed (admitted, not served)"))
        let markdown = MarkdownReport.render(summary: summary, series: series)
        #expect(markdown.contains("Requests shed (admitted, not served)"))
    }
}
