import CostGuardAPI
import Foundation

/// Runs a scenario through the decision engine and the reference cluster, guarded and unguarded,
/// one frame at a time: memory stays flat however long the scenario is. With other guards beside
/// the scenario's, each has an engine of its own on the same frames and the same cluster, and the
/// cluster gets their merged claims (ClaimMerge), as the operator merges them on an HPA.
package struct Replay: Sendable {
    package let header: ScenarioHeader
    /// The scenario's guard's engine; the frames' verdicts and decisions are its.
    package var engine: DecisionEngine { engines[0].engine }
    private var engines: [(name: String, engine: DecisionEngine)]
    private var guardedCluster: ReferenceCluster
    private var unguardedCluster: ReferenceCluster
    private var merged: ClaimMerge.Merged?
    private var ledger: SpendLedger
    /// The rate of the last frame with signals, carried through evaluations without them.
    private var lastRps = 0.0
    package private(set) var summary: ReplaySummary
    /// The month's spend as of the last frame, from the same ledger the operator keeps.
    package var monthToDateSpend: Double { ledger.monthToDate }

    /// The name the scenario's own guard goes by when its claims are merged with `otherGuards`'.
    package static let scenarioGuardName = "scenario"

    package init(header: ScenarioHeader, otherGuards: [(name: String, spec: CostGuardSpec)] = []) {
        self.header = header
        engines = ([(Self.scenarioGuardName, header.guardSpec)] + otherGuards).map { guardSpec in
            (guardSpec.0, DecisionEngine(policy: Policy(spec: guardSpec.1, interval: header.interval)))
        }
        guardedCluster = ReferenceCluster(cluster: header.cluster, workload: header.workload, interval: header.interval)
        unguardedCluster = guardedCluster
        ledger = SpendLedger(now: header.start)
        summary = ReplaySummary(scenario: header.name, interval: header.interval, truth: header.truth, spec: header.guardSpec)
        if !otherGuards.isEmpty {
            summary.guards = ([(Self.scenarioGuardName, header.guardSpec)] + otherGuards).map {
                GuardTotals(guardName: $0.0, dryRun: $0.1.mode == .dryRun, originalMaxReplicas: header.workload.maxReplicas)
            }
        }
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
        if let denied = merged?.denyList, !denied.isEmpty, let top = frame?.topSources {
            DenyListRules.forEachBlocked(top, by: denied, prefix: \.prefix) { index, source in
                deniedRps += source.rps
                guard let truth else { return }
                summary.countDenied(source, attack: truth.attackTop.contains(index))
                if !truth.attackTop.contains(index) { deniedLegitRps += source.rps }
            }
        }
        let guarded = guardedCluster.step(t: t, rps: rps, deniedRps: deniedRps,
                                          paused: merged?.paused ?? false, ceiling: merged?.ceiling?.maxReplicas)
        let unguarded = unguardedCluster.step(t: t, rps: rps, deniedRps: 0, paused: false, ceiling: nil)

        let now = header.start.addingTimeInterval(t)
        ledger.record(hourly: guarded.hourlySpend, at: now)
        // Nodes beyond what the workload's replicas fill count as another's, as the operator
        // counts them (GuardedCluster): it cannot tell an idle node from one that serves others.
        let podsPerNode = max(header.cluster.podsPerNode, 1)
        let used = (guarded.replicas + podsPerNode - 1) / podsPerNode
        let view = ClusterView(
            nodes: guarded.nodes, hourlySpend: guarded.hourlySpend, nextNodeHourly: header.cluster.nodeHourlyPrice,
            reservedNodes: max(0, guarded.nodes - used),
            workloads: [WorkloadView(namespace: header.workload.namespace, name: header.workload.name,
                                     replicas: guarded.replicas, minReplicas: header.workload.minReplicas,
                                     maxReplicas: header.workload.maxReplicas, podsPerNode: header.cluster.podsPerNode)],
            monthToDateSpend: ledger.monthToDate, secondsToMonthEnd: ledger.secondsToMonthEnd(from: now))
        // One guard (the usual replay) takes its plan as it is, with no merge to allocate for.
        let next: Plan, all: ClaimMerge.Merged
        var plans: [ClaimMerge.Claim] = []
        if engines.count == 1 {
            next = engines[0].engine.decide(frame: frame, cluster: view, t: t)
            all = Self.alone(next)
        } else {
            var claims: [ClaimMerge.Claim] = []
            claims.reserveCapacity(engines.count)
            for index in engines.indices {
                claims.append(ClaimMerge.Claim(guardName: engines[index].name, plan: engines[index].engine.decide(frame: frame, cluster: view, t: t)))
            }
            next = claims[0].plan
            all = ClaimMerge.merge(claims, namespace: header.workload.namespace, name: header.workload.name)
            plans = claims
        }
        merged = all

        var replayed = ReplayFrame(t: t, rps: rps, verdict: next.verdict, pauseReason: next.pauseReason ?? all.pauses.first?.reason,
                                   replicaCeiling: all.ceiling?.maxReplicas, denied: all.denyList.map(\.prefix),
                                   guarded: guarded, unguarded: unguarded, changes: next.changes, ceilingCap: all.ceiling?.cap)
        if engines.count > 1 {
            replayed.ceilingBy = all.ceilingBy
            replayed.guardPlans = plans.map { claim in
                GuardPlan(guardName: claim.guardName, verdict: claim.plan.verdict.class, pauseReason: claim.plan.pauseReason,
                          ceiling: claim.plan.ceilings.first { $0.namespace == header.workload.namespace && $0.name == header.workload.name },
                          changes: claim.plan.changes)
            }
        }
        summary.add(replayed, deniedRps: deniedRps)
        if let truth { summary.addLegit(truth.legitRps, deniedLegitRps: deniedLegitRps, guarded: guarded, unguarded: unguarded, t: t) }
        return replayed
    }

    /// One guard's plan as it is: its first ceiling (the replay has one workload) and its deny list.
    private static func alone(_ plan: Plan) -> ClaimMerge.Merged {
        ClaimMerge.Merged(pauses: plan.pauseReason.map { [ClaimMerge.NamedPause(guardName: scenarioGuardName, reason: $0)] } ?? [],
                          ceiling: plan.ceilings.first, ceilingBy: plan.ceilings.isEmpty ? nil : scenarioGuardName, denyList: plan.denyList)
    }
}
