import CostGuardAPI
@testable import GuardCore
import Testing

@Suite struct DecisionEngineTests {
    func view(replicas: Int, nodes: Int, price: Double = 0.2) -> ClusterView {
        ClusterView(nodes: nodes, hourlySpend: Double(nodes) * price, nextNodeHourly: price,
                    workloads: [WorkloadView(namespace: "shop", name: "web", replicas: replicas, minReplicas: 2,
                                             maxReplicas: 1000, podsPerNode: 10)])
    }

    func spec(_ json: String) throws -> CostGuardSpec { try CostGuardSpec.parse(manifest: json) }

    @Test func ceilingGoesOnBeforeTheNextStepCouldCrossTheNodeCap() throws {
        var engine = DecisionEngine(policy: Policy(spec: try spec(#"{"caps": {"maxNodes": 10}}"#), interval: 15))
        // 40 replicas: the next step could reach 80 pods = 8 nodes: no ceiling needed.
        var plan = engine.decide(frame: SignalFrame(t: 0, rps: 100), cluster: view(replicas: 40, nodes: 4), t: 0)
        #expect(plan.ceilings.isEmpty)
        // 60 replicas: the next step could reach 120 pods = 12 nodes > 10: ceiling at 100 replicas.
        plan = engine.decide(frame: SignalFrame(t: 15, rps: 100), cluster: view(replicas: 60, nodes: 6), t: 15)
        #expect(plan.ceilings.map(\.maxReplicas) == [100])
        #expect(plan.ceilings.first?.cap == .nodeCap)
        #expect(!plan.paused)
        #expect(plan.changes.contains { if case .setCeiling = $0 { true } else { false } })
        // At the ceiling, scale-up is paused by the cap.
        plan = engine.decide(frame: SignalFrame(t: 30, rps: 100), cluster: view(replicas: 100, nodes: 10), t: 30)
        #expect(plan.pauseReason == .nodeCap)
    }

    @Test func spendCapBindsWhenItIsTighterThanTheNodeCap() throws {
        var engine = DecisionEngine(policy: Policy(spec: try spec(#"{"caps": {"maxNodes": 100, "maxHourlySpend": "1.00"}}"#), interval: 15))
        let plan = engine.decide(frame: SignalFrame(t: 0, rps: 10), cluster: view(replicas: 30, nodes: 3), t: 0)
        // 1.00 / 0.20 = 5 nodes = 50 replicas; the next step (60) could cross it.
        #expect(plan.ceilings.map(\.maxReplicas) == [50])
        #expect(plan.ceilings.first?.cap == .spendCap)
    }

    @Test func missingSignalsStartNoPauseButCapsStillHold() throws {
        var engine = DecisionEngine(policy: Policy(spec: try spec(#"{"caps": {"maxNodes": 10}}"#), interval: 15))
        let plan = engine.decide(frame: nil, cluster: view(replicas: 90, nodes: 9), t: 0)
        #expect(plan.pauseReason == nil)
        #expect(plan.verdict.reasons == [.noSignals])
        #expect(plan.ceilings.map(\.maxReplicas) == [100])
    }

    @Test func surgePauseHoldsForHoldDownAfterTheLastSurgeFrameThenResumes() throws {
        var engine = DecisionEngine(policy: Policy(spec: try spec(#"{"detection": {"warmup": "1m", "holdDown": "2m"}}"#), interval: 15))
        var t = 0.0
        func frame(_ rps: Double) -> SignalFrame {
            SignalFrame(t: t, rps: rps, clientErrorRatio: 0.02, conversionRatio: 0.03, uniqueSources: rps * 10, newSourceRatio: 0.1)
        }
        for _ in 0..<40 {
            _ = engine.decide(frame: frame(200), cluster: view(replicas: 10, nodes: 1), t: t)
            t += 15
        }
        // A flood: x10 in one frame, conversion diluted, errors up, each source much heavier.
        var attack = frame(2000)
        attack.conversionRatio = 0.003
        attack.clientErrorRatio = 0.25
        attack.uniqueSources = 3000
        attack.newSourceRatio = 0.9
        var plan = engine.decide(frame: attack, cluster: view(replicas: 10, nodes: 1), t: t)
        #expect(plan.verdict.class == .surge)
        #expect(plan.pauseReason == .surge)
        #expect(plan.surgePauseUntil == t + 120)
        let lastSurge = t
        // Back to normal: the pause holds until hold-down has passed since the last surge frame.
        while t < lastSurge + 120 {
            t += 15
            plan = engine.decide(frame: frame(200), cluster: view(replicas: 10, nodes: 1), t: t)
            if t < lastSurge + 120 { #expect(plan.pauseReason == .surge, "t=\(t)") }
        }
        #expect(plan.pauseReason == nil)
        #expect(plan.changes.contains(.resumeScaleUp(after: .surge)))
    }
}
