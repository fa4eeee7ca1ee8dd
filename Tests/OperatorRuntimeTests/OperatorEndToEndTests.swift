import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import OperatorRuntime
import Testing

/// The real operator against KubeSim over HTTP, on the demo scenario's traffic.
@Suite struct OperatorEndToEndTests {
    /// With `response: Pause`, the flood pauses scale-up outright at once and resumes after the hold-down.
    @Test func surgeIsPausedWithinOneIntervalAndResumedAfterHoldDown() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .enforce)))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var firstSurge: Double?
                var lastSurge: Double?
                var resumedAt: Double?
                for frame in frames.dropFirst() {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let plan = results[0].result.plan
                    let hpa = try cluster.hpa()
                    if plan.verdict.class == .surge {
                        if firstSurge == nil {
                            firstSurge = frame.t
                            // The decision of this interval is on the HPA before the next frame.
                            #expect(SimulationSupport.selectPolicy(hpa) == "Disabled")
                            #expect(hpa.metadata.annotations?["costguard.dev/paused-by"] == "demo")
                            #expect(hpa.metadata.annotations?["costguard.dev/original-scale-up-select-policy"] == "")
                            let status = try SimulationSupport.status(cluster)
                            #expect(status.phase == .surge)
                            #expect(status.paused?.first?.reason == "surge")
                        }
                        lastSurge = frame.t
                    }
                    if firstSurge != nil, resumedAt == nil, SimulationSupport.selectPolicy(hpa) == nil {
                        resumedAt = frame.t
                        #expect(SimulationSupport.costGuardAnnotations(hpa).isEmpty)
                        #expect(plan.pauseReason == nil)
                    }
                    if resumedAt != nil, frame.t > (resumedAt ?? 0) + 600 { break }
                }
                let onset = try #require(firstSurge)
                #expect(onset >= SimulationSupport.floodOnset && onset <= SimulationSupport.floodOnset + 2 * header.interval)
                let resumed = try #require(resumedAt)
                let last = try #require(lastSurge)
                #expect(resumed >= last + header.guardSpec.detection.holdDown.seconds)
                #expect(resumed <= last + header.guardSpec.detection.holdDown.seconds + 2 * header.interval)
            }
        }
    }

    /// The default response to a surge judged on the rate alone (the demo's guard reads HPA
    /// metrics): a replica ceiling at the organic share, never the outright pause; it lifts after
    /// the hold-down and the HPA's own maxReplicas comes back.
    @Test func aRateOnlySurgeGetsTheGradedCeilingAndNoPause() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            let original = try cluster.hpa().spec.maxReplicas
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var ceilingAt: Double?
                var liftedAt: Double?
                for frame in frames.dropFirst() {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    let plan = results[0].result.plan
                    let hpa = try cluster.hpa()
                    #expect(plan.pauseReason != .surge, "paused outright at t=\(frame.t)")
                    #expect(SimulationSupport.selectPolicy(hpa) == nil, "scale-up disabled at t=\(frame.t)")
                    if ceilingAt == nil, hpa.metadata.annotations?["costguard.dev/ceiling-cap"] == "surge" {
                        ceilingAt = frame.t
                        #expect(plan.verdict.rateOnly)
                        #expect(hpa.spec.maxReplicas < original)
                        #expect(hpa.metadata.annotations?["costguard.dev/original-max-replicas"] == String(original))
                        let status = try SimulationSupport.status(cluster)
                        #expect(status.ceilings?.first?.cap == "surge", "\(status.ceilings ?? [])")
                    }
                    if ceilingAt != nil, liftedAt == nil, SimulationSupport.costGuardAnnotations(hpa).isEmpty {
                        liftedAt = frame.t
                        #expect(hpa.spec.maxReplicas == original)
                    }
                    if liftedAt != nil { break }
                }
                let held = try #require(ceilingAt, "no surge ceiling during the flood")
                #expect(held >= SimulationSupport.floodOnset && held <= SimulationSupport.floodOnset + 3 * header.interval)
                let lifted = try #require(liftedAt, "the ceiling never lifted")
                #expect(lifted > held + header.guardSpec.detection.holdDown.seconds)
            }
        }
    }

    @Test func organicFlashCrowdIsNeverPaused() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var peakReplicas = 0
                var peakUnguarded = 0
                var sawOrganic = false
                for frame in frames.dropFirst() where frame.t < SimulationSupport.floodOnset {
                    let (step, results) = try await cluster.step(frame, operators: [handle])
                    #expect(results[0].result.plan.pauseReason == nil, "paused at t=\(frame.t) during the flash crowd")
                    #expect(SimulationSupport.selectPolicy(try cluster.hpa()) == nil)
                    peakReplicas = max(peakReplicas, step.guarded.replicas)
                    peakUnguarded = max(peakUnguarded, step.unguarded.replicas)
                    if results[0].result.plan.verdict.class == .organic { sawOrganic = true }
                }
                let status = try SimulationSupport.status(cluster)
                #expect(sawOrganic)
                // The crowd was served: the HPA scaled as far as it would have with no guard.
                #expect(peakReplicas == peakUnguarded)
                #expect(Double(peakReplicas) > 4 * frames[0].rps / (header.workload.rpsPerPod * header.workload.targetUtilization))
                #expect(status.paused?.isEmpty ?? true)
            }
        }
    }

    @Test func nodeCapLowersMaxReplicasAndNodesStayUnderIt() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            var spec = cluster.guardSpec(mode: .enforce)
            spec["caps"] = ["maxNodes": 10]
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var lowered: Int?
                for frame in frames.dropFirst() where frame.t < SimulationSupport.floodOnset {
                    let (step, _) = try await cluster.step(frame, operators: [handle])
                    #expect(step.guarded.nodes <= 10, "\(step.guarded.nodes) nodes at t=\(frame.t)")
                    let hpa = try cluster.hpa()
                    if Int(hpa.spec.maxReplicas) < header.workload.maxReplicas, lowered == nil {
                        lowered = Int(hpa.spec.maxReplicas)
                        #expect(hpa.metadata.annotations?["costguard.dev/original-max-replicas"] == String(header.workload.maxReplicas))
                        #expect(hpa.metadata.annotations?["costguard.dev/ceiling-cap"] == "nodeCap")
                        #expect(try SimulationSupport.status(cluster).ceilings?.first?.maxReplicas == lowered)
                    }
                }
                let ceiling = try #require(lowered)
                #expect(ceiling <= 10 * header.cluster.podsPerNode)
            }
        }
    }

    @Test func deletingTheGuardRestoresTheHPAAndReleasesTheFinalizer() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .enforce)))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                for frame in frames.dropFirst() {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    if results[0].result.plan.pauseReason == .surge { break }
                }
                let paused = try cluster.hpa()
                #expect(SimulationSupport.selectPolicy(paused) == "Disabled")
                #expect(try cluster.guardObject()?.value(atPath: "metadata.finalizers")?.arrayValue == ["costguard.dev/finalizer"])

                try cluster.state.delete(cluster.guardType, namespace: nil, name: cluster.guardName)
                try await SimulationSupport.eventually("the guard to be released") { try cluster.guardObject() == nil }
                let restored = try cluster.hpa()
                #expect(SimulationSupport.selectPolicy(restored) == nil)
                #expect(Int(restored.spec.maxReplicas) == header.workload.maxReplicas)
                #expect(SimulationSupport.costGuardAnnotations(restored).isEmpty)
            }
        }
    }

    /// A pause whose guard no longer exists (its CostGuard deleted while no operator ran, say)
    /// is put back by an operator that has no guard to evaluate: the look for such HPAs, skipped
    /// while no HPA changed, runs again once this one changed.
    @Test func aPauseNamingAGuardThatNoLongerExistsIsPutBack() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                let hpaType = cluster.state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers")!
                _ = try cluster.state.patch(hpaType, namespace: header.workload.namespace, name: header.workload.name, subresource: nil,
                                            patchType: .merge, patch: [
                    "metadata": ["annotations": ["costguard.dev/paused-by": "ghost", "costguard.dev/paused-reason": "surge",
                                                 "costguard.dev/original-scale-up-select-policy": ""]],
                    "spec": ["behavior": ["scaleUp": ["selectPolicy": "Disabled"]]],
                ])
                #expect(SimulationSupport.selectPolicy(try cluster.hpa()) == "Disabled")
                // No guard is due, so only the idle pass (every 15 s of the operator's clock) can act.
                var time = cluster.clock.now()
                try await SimulationSupport.eventually("the ghost's pause to be put back") {
                    time += 15
                    cluster.clock.advance(to: time)
                    return try SimulationSupport.selectPolicy(cluster.hpa()) == nil
                }
                let restored = try cluster.hpa()
                #expect(SimulationSupport.costGuardAnnotations(restored).isEmpty)
            }
        }
    }

    @Test func aRestartedOperatorKeepsThePauseFromTheAnnotations() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .enforce)))
            _ = try cluster.begin(with: frames[0])
            var index = 1
            var pausedAt: Double?
            // The first instance is killed once the pause is on the HPA.
            try await cluster.withOperator(identity: "first", ending: .killed) { handle in
                while index < frames.count {
                    let (_, results) = try await cluster.step(frames[index], operators: [handle])
                    index += 1
                    if results[0].result.plan.pauseReason == .surge, pausedAt == nil { pausedAt = frames[index - 1].t }
                    if let pausedAt, frames[index - 1].t >= pausedAt + 120 { break }
                }
            }
            let recorded = try #require(try cluster.hpa().metadata.annotations?["costguard.dev/paused-until"])
            let until = try Date(recorded, strategy: .iso8601)
            // The new instance's classifier starts cold (warmup), yet the HPA stays paused until the
            // recorded hold-down ends.
            var resumedAt: Date?
            try await cluster.withOperator(identity: "second") { handle in
                while index < frames.count, resumedAt == nil {
                    let (_, results) = try await cluster.step(frames[index], operators: [handle])
                    index += 1
                    let hpa = try cluster.hpa()
                    if SimulationSupport.selectPolicy(hpa) != "Disabled" { resumedAt = cluster.clock.now() }
                    if resumedAt == nil { #expect(hpa.metadata.annotations?["costguard.dev/paused-by"] == "demo") }
                    _ = results
                }
            }
            let resumed = try #require(resumedAt)
            #expect(resumed >= until)
        }
    }

    @Test func dryRunWritesOnlyTheStatusAndEvents() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: SimulationSupport.pausing(cluster.guardSpec(mode: .dryRun)))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                cluster.state.clearRequests()
                var wouldPause = false
                for frame in frames.dropFirst() where frame.t < SimulationSupport.floodOnset + 600 {
                    let (_, results) = try await cluster.step(frame, operators: [handle])
                    if results[0].result.plan.pauseReason == .surge { wouldPause = true }
                }
                let status = try SimulationSupport.status(cluster)
                let writes = cluster.state.requests.filter { !["get", "list", "watch"].contains($0.verb) }
                let uid = try cluster.guardObject()?.value(atPath: "metadata.uid")?.stringValue
                let eventType = try #require(cluster.state.resourceType(group: "events.k8s.io", version: "v1", plural: "events"))
                let events = cluster.state.objects(eventType)
                #expect(wouldPause)
                #expect(status.paused?.first?.dryRun == true)
                #expect(status.message?.contains("would have") == true)
                #expect(writes.allSatisfy { ($0.resource == "costguards" && $0.subresource == "status") || $0.resource == "events" },
                        "DryRun wrote \(writes.filter { $0.resource != "events" && $0.subresource != "status" })")
                #expect(writes.contains { $0.resource == "events" })
                // Each Event names the guard by kind, name and uid, as `kubectl describe` matches them.
                #expect(uid != nil)
                #expect(!events.isEmpty && events.allSatisfy {
                    $0.value(atPath: "regarding.uid")?.stringValue == uid && $0.value(atPath: "regarding.name") == "demo"
                        && $0.value(atPath: "regarding.kind") == "CostGuard"
                }, "\(events.map { $0.value(atPath: "regarding")?.jsonString ?? "" })")
            }
        }
    }

    @Test func anInvalidGuardGetsAnInvalidStatusNamingTheFieldAndNoAction() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            var spec = cluster.guardSpec(mode: .enforce)
            spec["caps"] = ["maxHourlySpend": "twelve"]
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                for frame in frames.dropFirst() where frame.t < SimulationSupport.floodOnset + 900 {
                    _ = try await cluster.step(frame, operators: [])
                }
                try await SimulationSupport.eventually("the Invalid status") { try SimulationSupport.status(cluster).phase == .invalid }
                let status = try SimulationSupport.status(cluster)
                let hpa = try cluster.hpa()
                #expect(status.message?.contains("spec.caps.maxHourlySpend") == true)
                #expect(status.condition("Ready")?.status == .false)
                #expect(status.condition("Ready")?.reason == "InvalidSpec")
                #expect(SimulationSupport.selectPolicy(hpa) == nil)
                #expect(SimulationSupport.costGuardAnnotations(hpa).isEmpty)
            }
        }
    }
}
