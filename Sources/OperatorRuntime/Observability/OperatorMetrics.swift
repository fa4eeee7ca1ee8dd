import GuardCore
import Metrics
import Synchronization
import class Prometheus.PrometheusCollectorRegistry
import struct Prometheus.PrometheusMetricsFactory

/// The operator's metrics: swift-metrics handles made by a `PrometheusMetricsFactory` (through
/// `HelpTextMetricsFactory`, which adds each family's help) over a registry of this instance's own (never the global `MetricsSystem`), so that several operators can run in one
/// process (tests, the demo) without sharing series.
///
/// Series per guard are remembered so that `forget(guard:)` can unregister them when a CostGuard is
/// deleted. Every update holds one lock, so a `forget` never races a recording into a half-removed guard.
package final class OperatorMetrics: Sendable {
    /// The content type of `exposition()`: the Prometheus text format, version 0.0.4.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The buckets of `costguard_reconcile_duration_seconds`: half a millisecond to a second.
    package static let reconcileBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1),
    ]

    /// The metric names.
    package enum Name {
        package static let surgeScore = "costguard_surge_score"
        package static let verdict = "costguard_verdict"
        package static let nodes = "costguard_nodes"
        package static let hourlySpend = "costguard_hourly_spend"
        package static let pausedWorkloads = "costguard_paused_workloads"
        package static let deniedPrefixes = "costguard_denied_prefixes"
        package static let guardPhase = "costguard_guard_phase"
        package static let actions = "costguard_actions_total"
        package static let reconcileDuration = "costguard_reconcile_duration_seconds"
        package static let apiErrors = "costguard_api_errors_total"
        package static let leader = "costguard_leader"
        package static let evaluations = "costguard_evaluations_total"
        package static let buildInfo = "costguard_build_info"
        package static let monthToDateSpend = "costguard_month_to_date_spend"
        package static let monthlyBudget = "costguard_monthly_budget"
        package static let cacheStaleness = "costguard_cache_staleness_seconds"
        package static let reconciles = "costguard_reconciles_total"
    }

    private let registry: PrometheusCollectorRegistry
    private let factory: HelpTextMetricsFactory
    private let reconcileTimer: CoreMetrics.Timer
    private let leader: Gauge
    /// By kind (guard, enforcer) and result (success, retry).
    private let reconciles: [String: Counter]
    private let process: ProcessMetrics
    private let state: Mutex<State>
    /// Reads the caches' staleness at each scrape, so it grows while the reconcile loop is stuck.
    private let cacheSampler = Mutex<(@Sendable () -> [String: Double])?>(nil)

    package init() {
        let registry = PrometheusCollectorRegistry()
        var base = PrometheusMetricsFactory(registry: registry)
        base.durationHistogramBuckets = [Name.reconcileDuration: Self.reconcileBuckets]
        let factory = HelpTextMetricsFactory(base: base, help: Self.help)
        self.registry = registry
        self.factory = factory
        // Created up front so that the histogram's buckets and the leader gauge are scraped from the start.
        reconcileTimer = CoreMetrics.Timer(label: Name.reconcileDuration, dimensions: [], factory: factory)
        leader = Gauge(label: Name.leader, dimensions: [], factory: factory)
        var reconciles: [String: Counter] = [:]
        for kind in ["guard", "enforcer"] {
            for result in ["success", "retry"] {
                reconciles["\(kind) \(result)"] = Counter(label: Name.reconciles, dimensions: [("kind", kind), ("result", result)],
                                                          factory: factory)
            }
        }
        self.reconciles = reconciles
        leader.record(0)
        Gauge(label: Name.buildInfo, dimensions: [("version", BuildInfo.version), ("revision", BuildInfo.revision)], factory: factory)
            .record(1)
        process = ProcessMetrics(registry: registry, help: Self.help)
        state = Mutex(State())
    }

    // MARK: Recording

    /// Sets a guard's gauges from one evaluation and counts the evaluation.
    package func recordEvaluation(_ evaluation: Evaluation) {
        state.withLock { state in
            var series = state.series(for: evaluation.guardName, factory: factory)
            series.score.record(evaluation.score)
            series.nodes.record(evaluation.nodes)
            series.hourlySpend.record(evaluation.hourlySpend)
            series.pausedWorkloads.record(evaluation.pausedWorkloads)
            series.deniedPrefixes.record(evaluation.deniedPrefixes)
            series.monthToDateSpend.record(evaluation.monthToDateSpend)
            if let budget = evaluation.monthlyBudget {
                series.monthlyBudget(factory: factory).record(budget)
            } else {
                series.dropMonthlyBudget()
            }
            for (verdict, gauge) in series.verdict { gauge.record(verdict == evaluation.verdict ? 1 : 0) }
            for (phase, gauge) in series.phase { gauge.record(phase == evaluation.phase ? 1 : 0) }
            series.evaluations.increment()
            state.guards[evaluation.guardName] = series
        }
    }

    /// Counts one action an actuator took (or would have taken, in dry-run) for a guard.
    package func recordAction(guard guardName: String, kind: ActionKind, result: ActionResult) {
        state.withLock { state in
            let key = ActionKey(kind: kind, result: result)
            var series = state.series(for: guardName, factory: factory)
            let counter: Counter
            if let existing = series.actions[key] {
                counter = existing
            } else {
                counter = Counter(label: Name.actions,
                                  dimensions: [("guard", guardName), ("kind", kind.rawValue), ("result", result.rawValue)],
                                  factory: factory)
                series.actions[key] = counter
                state.guards[guardName] = series
            }
            counter.increment()
        }
    }

    /// Counts one reconcile of the work queue: `kind` guard or enforcer; retried when it failed or
    /// met a conflict and was queued again after the backoff.
    package func recordReconcile(kind: String, retried: Bool) {
        reconciles["\(kind) \(retried ? "retry" : "success")"]?.increment()
    }

    /// Records how long one reconcile took.
    package func recordReconcile(duration: Duration) {
        reconcileTimer.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Counts one failed API request; `code` is the HTTP status (0 when there was no response).
    package func recordAPIError(verb: String, resource: String, code: Int) {
        state.withLock { state in
            let key = APIErrorKey(verb: verb, resource: resource, code: code)
            let counter: Counter
            if let existing = state.apiErrors[key] {
                counter = existing
            } else {
                counter = Counter(label: Name.apiErrors,
                                  dimensions: [("verb", verb), ("resource", resource), ("code", String(code))],
                                  factory: factory)
                state.apiErrors[key] = counter
            }
            counter.increment()
        }
    }

    /// Sets `costguard_leader` to 1 while this process holds the lease, 0 otherwise.
    package func setLeader(_ isLeader: Bool) {
        leader.record(isLeader ? 1 : 0)
    }

    /// Removes every series labelled with a deleted guard's name from the registry (the registry
    /// unregisters them; they are gone from the exposition, not zeroed).
    package func forget(guard guardName: String) {
        state.withLock { state in
            guard let series = state.guards.removeValue(forKey: guardName) else { return }
            for gauge in series.allGauges { gauge.destroy() }
            series.budget?.destroy()
            series.evaluations.destroy()
            for counter in series.actions.values { counter.destroy() }
        }
    }

    // MARK: Exposition

    /// `costguard_cache_staleness_seconds{resource}` from `sampler` (`ClusterCache.staleness`) at each scrape.
    package func sampleCaches(_ sampler: @escaping @Sendable () -> [String: Double]) {
        cacheSampler.withLock { $0 = sampler }
    }

    private func updateSampled() {
        process.update()
        guard let sampler = cacheSampler.withLock({ $0 }) else { return }
        for (resource, seconds) in sampler() {
            Gauge(label: Name.cacheStaleness, dimensions: [("resource", resource)], factory: factory).record(seconds)
        }
    }

    /// The registry rendered in the Prometheus text exposition format (`contentType`).
    package func exposition() -> String {
        updateSampled()
        return registry.emitToString()
    }

    /// The registry rendered in the Prometheus text exposition format, as UTF-8 bytes.
    package func expositionBytes() -> [UInt8] {
        updateSampled()
        return registry.emitToBuffer()
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowSum) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowSum ? .max : total
    }
}

extension OperatorMetrics {
    private struct ActionKey: Hashable {
        var kind: ActionKind
        var result: ActionResult
    }

    private struct APIErrorKey: Hashable {
        var verb: String
        var resource: String
        var code: Int
    }

    /// The handles of one guard's series.
    private struct GuardSeries {
        let score: Gauge
        let nodes: Gauge
        let hourlySpend: Gauge
        let pausedWorkloads: Gauge
        let deniedPrefixes: Gauge
        let monthToDateSpend: Gauge
        /// Only while the guard has a monthly budget: no series says "no budget" better than a 0.
        var budget: Gauge?
        let labels: [(String, String)]
        let verdict: [Verdict.Class: Gauge]
        let phase: [GuardPhase: Gauge]
        let evaluations: Counter
        var actions: [ActionKey: Counter] = [:]

        init(guardName: String, factory: HelpTextMetricsFactory) {
            let label = [("guard", guardName)]
            labels = label
            func gauge(_ name: String, _ extra: [(String, String)] = []) -> Gauge {
                Gauge(label: name, dimensions: label + extra, factory: factory)
            }
            score = gauge(Name.surgeScore)
            nodes = gauge(Name.nodes)
            hourlySpend = gauge(Name.hourlySpend)
            pausedWorkloads = gauge(Name.pausedWorkloads)
            deniedPrefixes = gauge(Name.deniedPrefixes)
            monthToDateSpend = gauge(Name.monthToDateSpend)
            verdict = Dictionary(uniqueKeysWithValues: Verdict.Class.allCases.map {
                ($0, gauge(Name.verdict, [("class", $0.rawValue)]))
            })
            phase = Dictionary(uniqueKeysWithValues: GuardPhase.allCases.map {
                ($0, gauge(Name.guardPhase, [("phase", $0.rawValue)]))
            })
            evaluations = Counter(label: Name.evaluations, dimensions: label, factory: factory)
        }

        var allGauges: [Gauge] {
            [score, nodes, hourlySpend, pausedWorkloads, deniedPrefixes, monthToDateSpend] + Array(verdict.values) + Array(phase.values)
        }

        mutating func monthlyBudget(factory: HelpTextMetricsFactory) -> Gauge {
            if let budget { return budget }
            let created = Gauge(label: Name.monthlyBudget, dimensions: labels, factory: factory)
            budget = created
            return created
        }

        mutating func dropMonthlyBudget() {
            budget?.destroy()
            budget = nil
        }
    }

    private struct State {
        var guards: [String: GuardSeries] = [:]
        var apiErrors: [APIErrorKey: Counter] = [:]

        mutating func series(for guardName: String, factory: HelpTextMetricsFactory) -> GuardSeries {
            if let existing = guards[guardName] { return existing }
            let created = GuardSeries(guardName: guardName, factory: factory)
            guards[guardName] = created
            return created
        }
    }
}
