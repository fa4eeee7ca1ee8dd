import Foundation
import GuardCore
@testable import OperatorRuntime
import Testing

@Suite struct OperatorMetricsTests {
    private func shopEvaluation(score: Double = 0.82, verdict: Verdict.Class = .surge, phase: GuardPhase = .surge)
        -> OperatorMetrics.Evaluation {
        OperatorMetrics.Evaluation(guardName: "shop", score: score, verdict: verdict, phase: phase, nodes: 7,
                                   hourlySpend: 3.5, pausedWorkloads: 2, deniedPrefixes: 4)
    }

    @Test func evaluationSetsTheGuardsGauges() throws {
        let metrics = OperatorMetrics()
        metrics.recordEvaluation(shopEvaluation())
        let text = metrics.exposition()
        let shop = ["guard": "shop"]
        #expect(try value(text, "costguard_surge_score", shop) == 0.82)
        #expect(try value(text, "costguard_nodes", shop) == 7)
        #expect(try value(text, "costguard_hourly_spend", shop) == 3.5)
        #expect(try value(text, "costguard_paused_workloads", shop) == 2)
        #expect(try value(text, "costguard_denied_prefixes", shop) == 4)
        #expect(try value(text, "costguard_evaluations_total", shop) == 1)
        for verdict in Verdict.Class.allCases {
            #expect(try value(text, "costguard_verdict", ["guard": "shop", "class": verdict.rawValue]) == (verdict == .surge ? 1 : 0))
        }
        for phase in GuardPhase.allCases {
            #expect(try value(text, "costguard_guard_phase", ["guard": "shop", "phase": phase.rawValue]) == (phase == .surge ? 1 : 0))
        }
        #expect(text.contains("# TYPE costguard_surge_score gauge"))
        #expect(text.contains("# TYPE costguard_evaluations_total counter"))
    }

    @Test func aLaterEvaluationMovesTheOneHotGauges() throws {
        let metrics = OperatorMetrics()
        metrics.recordEvaluation(shopEvaluation())
        metrics.recordEvaluation(shopEvaluation(score: 0.1, verdict: .organic, phase: .organicGrowth))
        let text = metrics.exposition()
        #expect(try value(text, "costguard_verdict", ["guard": "shop", "class": "surge"]) == 0)
        #expect(try value(text, "costguard_verdict", ["guard": "shop", "class": "organic"]) == 1)
        #expect(try value(text, "costguard_guard_phase", ["guard": "shop", "phase": "Surge"]) == 0)
        #expect(try value(text, "costguard_guard_phase", ["guard": "shop", "phase": "OrganicGrowth"]) == 1)
        #expect(try value(text, "costguard_surge_score", ["guard": "shop"]) == 0.1)
        #expect(try value(text, "costguard_evaluations_total", ["guard": "shop"]) == 2)
    }

    @Test func actionsErrorsAndLeadershipAreCounted() throws {
        let metrics = OperatorMetrics()
        #expect(try value(metrics.exposition(), "costguard_leader") == 0)
        metrics.recordAction(guard: "shop", kind: .pause, result: .applied)
        metrics.recordAction(guard: "shop", kind: .pause, result: .applied)
        metrics.recordAction(guard: "shop", kind: .setCeiling, result: .dryRun)
        metrics.recordAction(guard: "blog", kind: .deny, result: .failed)
        metrics.recordAPIError(verb: "patch", resource: "horizontalpodautoscalers", code: 409)
        metrics.setLeader(true)
        let text = metrics.exposition()
        #expect(try value(text, "costguard_actions_total", ["guard": "shop", "kind": "pause", "result": "applied"]) == 2)
        #expect(try value(text, "costguard_actions_total", ["guard": "shop", "kind": "set_ceiling", "result": "dry_run"]) == 1)
        #expect(try value(text, "costguard_actions_total", ["guard": "blog", "kind": "deny", "result": "failed"]) == 1)
        #expect(try value(text, "costguard_api_errors_total",
                          ["verb": "patch", "resource": "horizontalpodautoscalers", "code": "409"]) == 1)
        #expect(try value(text, "costguard_leader") == 1)
        metrics.setLeader(false)
        #expect(try value(metrics.exposition(), "costguard_leader") == 0)
    }

    @Test func reconcilesAreCountedByKindAndResult() throws {
        let metrics = OperatorMetrics()
        for kind in ["guard", "enforcer"] {
            for result in ["success", "retry"] {
                #expect(try value(metrics.exposition(), "costguard_reconciles_total", ["kind": kind, "result": result]) == 0)
            }
        }
        var report = CycleReport(at: Date(), leader: true, evaluated: [], hpaWrites: [], statusWrites: 0, events: 0, failures: [])
        report.reconciles = [.init(kind: "guard", retried: false), .init(kind: "guard", retried: false),
                             .init(kind: "enforcer", retried: true), .init(kind: "enforcer", retried: false)]
        metrics.record(report)
        let text = metrics.exposition()
        #expect(try value(text, "costguard_reconciles_total", ["kind": "guard", "result": "success"]) == 2)
        #expect(try value(text, "costguard_reconciles_total", ["kind": "guard", "result": "retry"]) == 0)
        #expect(try value(text, "costguard_reconciles_total", ["kind": "enforcer", "result": "retry"]) == 1)
        #expect(try value(text, "costguard_reconciles_total", ["kind": "enforcer", "result": "success"]) == 1)
    }

    @Test func reconcileHistogramHasSubMillisecondToOneSecondBuckets() throws {
        let metrics = OperatorMetrics()
        let empty = try samples(metrics.exposition()).filter { $0.name == "costguard_reconcile_duration_seconds_bucket" }
        #expect(empty.map { $0.labels["le"] ?? "?" }
            == ["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "+Inf"])
        metrics.recordReconcile(duration: .microseconds(700))
        metrics.recordReconcile(duration: .milliseconds(300))
        metrics.recordReconcile(duration: .seconds(3))
        let text = metrics.exposition()
        let bucket = { (le: String) in try value(text, "costguard_reconcile_duration_seconds_bucket", ["le": le]) }
        #expect(try bucket("0.0005") == 0)
        #expect(try bucket("0.001") == 1)
        #expect(try bucket("0.25") == 1)
        #expect(try bucket("0.5") == 2)
        #expect(try bucket("1.0") == 2)
        #expect(try bucket("+Inf") == 3)
        #expect(try value(text, "costguard_reconcile_duration_seconds_count") == 3)
        let sum = try #require(try value(text, "costguard_reconcile_duration_seconds_sum"))
        #expect(abs(sum - 3.3007) < 1e-9)
        #expect(text.contains("# TYPE costguard_reconcile_duration_seconds histogram"))
    }

    @Test func forgettingAGuardRemovesItsSeriesOnly() throws {
        let metrics = OperatorMetrics()
        metrics.recordEvaluation(shopEvaluation())
        metrics.recordEvaluation(OperatorMetrics.Evaluation(guardName: "blog", score: 0.2, verdict: .steady, phase: .normal,
                                                            nodes: 3, hourlySpend: 1, pausedWorkloads: 0, deniedPrefixes: 0))
        metrics.recordAction(guard: "shop", kind: .pause, result: .applied)
        metrics.forget(guard: "shop")
        let text = metrics.exposition()
        let shopSeries = try samples(text).filter { $0.labels["guard"] == "shop" }
        #expect(shopSeries.isEmpty, "left: \(shopSeries)")
        #expect(try value(text, "costguard_nodes", ["guard": "blog"]) == 3)
        #expect(try value(text, "costguard_verdict", ["guard": "blog", "class": "steady"]) == 1)
        // The guard can come back, starting afresh.
        metrics.recordEvaluation(shopEvaluation())
        #expect(try value(metrics.exposition(), "costguard_evaluations_total", ["guard": "shop"]) == 1)
    }

    @Test func instancesDoNotShareSeries() throws {
        let first = OperatorMetrics()
        let second = OperatorMetrics()
        first.recordEvaluation(shopEvaluation())
        #expect(try value(first.exposition(), "costguard_nodes", ["guard": "shop"]) == 7)
        #expect(try value(second.exposition(), "costguard_nodes", ["guard": "shop"]) == nil)
    }
}

/// Every family has HELP and TYPE, and `promtool check metrics` (Prometheus's own linter) finds
/// nothing in an exposition with every kind of series in it.
@Suite struct MetricsHygieneTests {
    static func fullExposition() -> String {
        let metrics = OperatorMetrics()
        metrics.recordEvaluation(OperatorMetrics.Evaluation(guardName: "shop", score: 0.8, verdict: .surge, phase: .surge, nodes: 7,
                                                            hourlySpend: 3.5, pausedWorkloads: 2, deniedPrefixes: 4))
        metrics.recordAction(guard: "shop", kind: .pause, result: .applied)
        metrics.recordAPIError(verb: "patch", resource: "horizontalpodautoscalers", code: 409)
        metrics.recordReconcile(duration: .milliseconds(3))
        metrics.setLeader(true)
        return metrics.exposition()
    }

    @Test func everyFamilyHasHelpAndType() {
        let lines = Self.fullExposition().split(separator: "\n")
        let families = Set(lines.compactMap { line -> String? in
            guard !line.hasPrefix("#"), let name = line.split(whereSeparator: { $0 == "{" || $0 == " " }).first else { return nil }
            let text = String(name)
            for suffix in ["_bucket", "_sum", "_count"] where text.hasSuffix(suffix) && text.hasPrefix("costguard_reconcile") {
                return String(text.dropLast(suffix.count))
            }
            return text
        })
        #expect(families.count >= 19, "\(families.sorted())")
        for family in families {
            #expect(lines.contains { $0.hasPrefix("# HELP \(family) ") && $0.count > "# HELP \(family) ".count + 10 }, "\(family) has no HELP")
            #expect(lines.contains { $0.hasPrefix("# TYPE \(family) ") }, "\(family) has no TYPE")
        }
    }

    @Test func buildInfoAndProcessMetricsAreExported() throws {
        let text = Self.fullExposition()
        #expect(text.contains("costguard_build_info{version=\"\(BuildInfo.version)\",revision=\"\(BuildInfo.revision)\"} 1"), "\(text)")
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds", "process_open_fds"] {
            #expect(text.contains("\n\(name) "), "\(name) is missing")
        }
        let resident = try #require(text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") })
        #expect((Double(resident.split(separator: " ")[1]) ?? 0) > 1_000_000, "\(resident)")
    }

    @Test func promtoolCheckMetricsFindsNothing() async throws {
        guard let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty && $0 != "false" }) ?? false {
                Issue.record("promtool is missing; CI must install Debian's prometheus package")
            } else {
                print("skipping promtool check metrics: apt-get install prometheus")
            }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(Self.fullExposition().utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && report.isEmpty, "promtool check metrics: \(report)")
    }
}
