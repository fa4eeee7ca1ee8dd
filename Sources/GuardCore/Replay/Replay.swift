import CostGuardAPI
import Foundation

/// Runs a scenario through the decision engine and the reference cluster, guarded and unguarded,
/// one frame at a time: memory stays flat however long the scenario is.
package struct Replay: Sendable {
    package let header: ScenarioHeader
    package private(set) var engine: DecisionEngine
    private var guardedCluster: ReferenceCluster
    private var unguardedCluster: ReferenceCluster
    private var plan: Plan?
    private var ledger: SpendLedger
    /// The rate of the last frame with signals, carried through evaluations without them.
    private var lastRps = 0.0
    package private(set) var summary: ReplaySummary
    /// The month's spend as of the last frame, from the same ledger the operator keeps.
    package var monthToDateSpend: Double { ledger.monthToDate }

    package init(header: ScenarioHeader) {
        self.header = header
        engine = DecisionEngine(policy: Policy(spec: header.guardSpec, interval: header.interval))
        guardedCluster = ReferenceCluster(cluster: header.cluster, workload: header.workload, interval: header.interval)
        unguardedCluster = guardedCluster
        ledger = SpendLedger(now: header.start)
        summary = ReplaySummary(scenario: header.name, interval: header.interval, truth: header.truth, spec: header.guardSpec)
    }

    /// Replays one frame; `truth` (scoring only) is counted in the summary and never reaches the engine.
    package mutating func step(_ frame: SignalFrame, truth: FrameTruth? = nil) -> ReplayFrame {
        lastRps = frame.rps
        return advance(t: frame.t, rps: frame.rps, frame: frame, truth: truth)
    }

    /// An evaluation whose signals could not be read (no request rate): the engine decides
    /// fail-static on a nil frame, and the simulated traffic carries on at the last known rate.
    package mutating func stepWithoutSignals(t: Double) -> ReplayFrame {
        advance(t: t, rps: lastRps, frame: nil, truth: nil)
    }

    private mutating func advance(t: Double, rps: Double, frame: SignalFrame?, truth: FrameTruth?) -> ReplayFrame {
        // The previous frame's decisions take effect now.
        var deniedRps = 0.0, deniedLegitRps = 0.0
        if let denied = plan?.denyList, !denied.isEmpty, let top = frame?.topSources {
            for (index, source) in top.enumerated() where denied.contains(where: { $0.prefix == source.prefix }) {
                deniedRps += source.rps
                guard let truth else { continue }
                summary.countDenied(source, attack: truth.attackTop.contains(index))
                if !truth.attackTop.contains(index) { deniedLegitRps += source.rps }
            }
        }
        let ceiling = plan?.ceilings.first?.maxReplicas
        let guarded = guardedCluster.step(t: t, rps: rps, deniedRps: deniedRps,
                                          paused: plan?.paused ?? false, ceiling: ceiling)
        let unguarded = unguardedCluster.step(t: t, rps: rps, deniedRps: 0, paused: false, ceiling: nil)

        let now = header.start.addingTimeInterval(t)
        ledger.record(hourly: guarded.hourlySpend, at: now)
        let view = ClusterView(
            nodes: guarded.nodes, hourlySpend: guarded.hourlySpend, nextNodeHourly: header.cluster.nodeHourlyPrice,
            workloads: [WorkloadView(namespace: header.workload.namespace, name: header.workload.name,
                                     replicas: guarded.replicas, minReplicas: header.workload.minReplicas,
                                     maxReplicas: header.workload.maxReplicas, podsPerNode: header.cluster.podsPerNode)],
            monthToDateSpend: ledger.monthToDate, secondsToMonthEnd: ledger.secondsToMonthEnd(from: now))
        let next = engine.decide(frame: frame, cluster: view, t: t)
        plan = next

        let replayed = ReplayFrame(t: t, rps: rps, verdict: next.verdict, pauseReason: next.pauseReason,
                                   replicaCeiling: next.ceilings.first?.maxReplicas, denied: next.denyList.map(\.prefix),
                                   guarded: guarded, unguarded: unguarded, changes: next.changes, ceilingCap: next.ceilings.first?.cap)
        summary.add(replayed, deniedRps: deniedRps)
        if let truth { summary.addLegit(truth.legitRps, deniedLegitRps: deniedLegitRps, guarded: guarded, unguarded: unguarded, t: t) }
        return replayed
    }
}
