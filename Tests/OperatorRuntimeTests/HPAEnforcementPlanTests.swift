import Foundation
import KubeClient
import KubeModel
@testable import OperatorRuntime
import Testing

/// The enforcer's plan for the HPAs, without a server: every write it will make, with its reasons
/// and the guards it is for, decided from the claims and the cached HPAs alone.
@Suite struct HPAEnforcementPlanTests {
    typealias Fixture = HPAConvergenceTests
    static let key = "shop/web"

    static func store(_ hpas: [HorizontalPodAutoscaler]) -> Store<HorizontalPodAutoscaler> {
        let store = Store<HorizontalPodAutoscaler>()
        store.apply(.initStarted)
        for hpa in hpas { store.apply(.initApply(hpa)) }
        store.apply(.initDone)
        return store
    }

    /// The writes of every batch, the claims handed to ScaledObjects, and the guards' outcomes.
    struct Planned {
        var writes: [EnforcementAction] = []
        var scaledObjectClaims: [ObjectRef: [HPAClaim]] = [:]
        var outcomes: [String: StatusBuilder.Enforcement] = [:]
        var batches = 0
    }

    static func plan(_ claims: [String: [HPAClaim]], on hpas: [HorizontalPodAutoscaler], selectedBy: [String: [String]] = [:],
                     memo: inout ConvergenceMemo, batchSize: Int = HPAEnforcementPlan.batchSize,
                     failing: Set<String> = []) async -> Planned {
        var planned = Planned()
        planned.outcomes = await HPAEnforcementPlan.inBatches(claims: claims, selectedBy: selectedBy, hpas: store(hpas), memo: &memo,
                                                              now: Fixture.now, batchSize: batchSize) { plan in
            planned.batches += 1
            planned.writes += plan.writes
            planned.scaledObjectClaims.merge(plan.scaledObjectClaims) { $0 + $1 }
            var failures: [String: String] = [:]
            for write in plan.writes where failing.contains(write.ref.description) {
                for name in write.claimants { failures[name] = "patching HPA \(write.ref): refused" }
            }
            return failures
        }
        return planned
    }

    static func plan(_ claims: [HPAClaim], on hpas: [HorizontalPodAutoscaler], selectedBy: [String: [String]] = [:],
                     memo: inout ConvergenceMemo) async -> Planned {
        await plan(claims.isEmpty ? [:] : [key: claims], on: hpas, selectedBy: selectedBy, memo: &memo)
    }

    static func hpa(_ name: String, max: Int64 = 20) throws -> HorizontalPodAutoscaler {
        var hpa = try Fixture.hpa(max: max)
        hpa.metadata.name = name
        return hpa
    }

    @Test func twoGuardsCeilingsMakeOneWriteAtTheLowerAndTheOtherHearsWhoHoldsIt() async throws {
        var memo = ConvergenceMemo()
        let plan = await Self.plan([Fixture.ceiling("team", 12), Fixture.ceiling("tight", 8)], on: [try Fixture.hpa(max: 20)],
                             selectedBy: [Self.key: ["team", "tight"]], memo: &memo)
        #expect(plan.writes.count == 1)
        let write = try #require(plan.writes.first)
        #expect(write.ref == ObjectRef(namespace: "shop", name: "web") && write.resource == .horizontalPodAutoscalers)
        #expect(write.patchBody?.value(atPath: "spec.maxReplicas") == 8)
        #expect(Set(write.claimants) == ["team", "tight"])
        #expect(!write.summary.isEmpty)
        #expect(plan.outcomes["team"]?.ceilingHeldBy == [Self.key: "tight"])
        #expect(plan.outcomes["tight"]?.ceilingHeldBy.isEmpty ?? true)
        #expect(plan.outcomes["team"]?.overlapping == ["tight"] && plan.outcomes["tight"]?.overlapping == ["team"])
    }

    @Test func anHPAAlreadyAsItShouldBeGetsNoWriteAndIsNotWorkedOutAgain() async throws {
        let hpa = try Fixture.hpa(max: 20)
        let claims = [Fixture.ceiling("tight", 8)]
        let held = try Fixture.applied(hpa, HPAConvergence(hpa: hpa, claims: claims, now: Fixture.now))
        var memo = ConvergenceMemo()
        #expect(await Self.plan(claims, on: [held], memo: &memo).writes.isEmpty)
        #expect(memo.count == 1, "remembered as converged")
        #expect(await Self.plan(claims, on: [held], memo: &memo).writes.isEmpty)
    }

    @Test func anHPAThatKEDAManagesIsLeftToItsScaledObject() async throws {
        var hpa = try Fixture.hpa(max: 20)
        hpa.metadata.ownerReferences = [OwnerReference(apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", name: "web-scaler")]
        var memo = ConvergenceMemo()
        let claims = [Fixture.surge("shop")]
        let plan = await Self.plan(claims, on: [hpa], memo: &memo)
        #expect(plan.writes.isEmpty, "KEDA would revert a change to its HPA")
        #expect(plan.scaledObjectClaims[ObjectRef(namespace: "shop", name: "web-scaler")] == claims)
    }

    @Test func anHPAStillMarkedByAGuardThatIsGoneIsPutBack() async throws {
        let hpa = try Fixture.hpa(max: 20)
        let held = try Fixture.applied(hpa, HPAConvergence(hpa: hpa, claims: [Fixture.ceiling("gone", 8)], now: Fixture.now))
        var memo = ConvergenceMemo()
        let plan = await Self.plan([], on: [held], memo: &memo)
        let write = try #require(plan.writes.first, "no claim, but CostGuard's annotations are on it")
        #expect(write.patchBody?.value(atPath: "spec.maxReplicas") == 20, "the recorded original")
        #expect(write.claimants.isEmpty)
    }

    @Test func anHPANoGuardClaimsAndCostGuardNeverTouchedIsNotLookedAt() async throws {
        var memo = ConvergenceMemo()
        let plan = await Self.plan([], on: [try Fixture.hpa(max: 20)], memo: &memo)
        #expect(plan.writes.isEmpty && plan.outcomes.isEmpty && plan.scaledObjectClaims.isEmpty)
        #expect(memo.count == 0)
    }

    @Test func batchesMakeTheSameWritesAsOnePlanAndAFailureReachesTheGuardsItWasFor() async throws {
        let hpas = try (0..<7).map { try Self.hpa("web-\($0)") }
        var claims: [String: [HPAClaim]] = [:]
        for hpa in hpas { claims["shop/\(hpa.metadata.name!)"] = [Fixture.ceiling("tight", 8)] }
        var memo = ConvergenceMemo()
        let whole = await Self.plan(claims, on: hpas, memo: &memo)
        var other = ConvergenceMemo()
        let batched = await Self.plan(claims, on: hpas, memo: &other, batchSize: 3, failing: ["shop/web-4"])
        #expect(whole.batches == 1 && batched.batches == 3)
        #expect(batched.writes == whole.writes)
        #expect(whole.writes.map(\.ref.description) == (0..<7).map { "shop/web-\($0)" }, "in key order")
        #expect(batched.outcomes["tight"]?.failure == "patching HPA shop/web-4: refused")
        #expect(whole.outcomes["tight"]?.failure == nil)
    }
}

extension EnforcementAction {
    /// The merge patch a patch action sends.
    var patchBody: JSONValue? {
        guard case .patch(let body) = verb else { return nil }
        return body
    }
}
