import GuardCore
import OperatorRuntime
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
