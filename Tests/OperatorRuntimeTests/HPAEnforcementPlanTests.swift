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

    static func plan(_ claims: [HPAClaim], on hpas: [HorizontalPodAutoscaler], selectedBy: [String: [String]] = [:],
                     memo: inout ConvergenceMemo) -> HPAEnforcementPlan {
        HPAEnforcementPlan.make(claims: claims.isEmpty ? [:] : [key: claims], selectedBy: selectedBy, hpas: store(hpas), memo: &memo,
                                now: Fixture.now)
    }

    @Test func twoGuardsCeilingsMakeOneWriteAtTheLowerAndTheOtherHearsWhoHoldsIt() throws {
        var memo = ConvergenceMemo()
        let plan = Self.plan([Fixture.ceiling("team", 12), Fixture.ceiling("tight", 8)], on: [try Fixture.hpa(max: 20)],
                             selectedBy: [Self.key: ["team", "tight"]], memo: &memo)
        #expect(plan.writes.count == 1)
        let write = try #require(plan.writes.first)
        #expect(write.key == Self.key && write.namespace == "shop" && write.name == "web")
        #expect(write.patch.value(atPath: "spec.maxReplicas") == 8)
        #expect(Set(write.claimants) == ["team", "tight"])
        #expect(!write.summary.isEmpty)
        #expect(plan.outcomes["team"]?.ceilingHeldBy == [Self.key: "tight"])
        #expect(plan.outcomes["tight"]?.ceilingHeldBy.isEmpty ?? true)
        #expect(plan.outcomes["team"]?.overlapping == ["tight"] && plan.outcomes["tight"]?.overlapping == ["team"])
    }

    @Test func anHPAAlreadyAsItShouldBeGetsNoWriteAndIsNotWorkedOutAgain() throws {
        let hpa = try Fixture.hpa(max: 20)
        let claims = [Fixture.ceiling("tight", 8)]
        let held = try Fixture.applied(hpa, HPAConvergence(hpa: hpa, claims: claims, now: Fixture.now))
        var memo = ConvergenceMemo()
        #expect(Self.plan(claims, on: [held], memo: &memo).writes.isEmpty)
        #expect(memo.count == 1, "remembered as converged")
        #expect(Self.plan(claims, on: [held], memo: &memo).writes.isEmpty)
    }

    @Test func anHPAThatKEDAManagesIsLeftToItsScaledObject() throws {
        var hpa = try Fixture.hpa(max: 20)
        hpa.metadata.ownerReferences = [OwnerReference(apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", name: "web-scaler")]
        var memo = ConvergenceMemo()
        let claims = [Fixture.surge("shop")]
        let plan = Self.plan(claims, on: [hpa], memo: &memo)
        #expect(plan.writes.isEmpty, "KEDA would revert a change to its HPA")
        #expect(plan.scaledObjectClaims[ObjectRef(namespace: "shop", name: "web-scaler")] == claims)
    }

    @Test func anHPAStillMarkedByAGuardThatIsGoneIsPutBack() throws {
        let hpa = try Fixture.hpa(max: 20)
        let held = try Fixture.applied(hpa, HPAConvergence(hpa: hpa, claims: [Fixture.ceiling("gone", 8)], now: Fixture.now))
        var memo = ConvergenceMemo()
        let plan = Self.plan([], on: [held], memo: &memo)
        let write = try #require(plan.writes.first, "no claim, but CostGuard's annotations are on it")
        #expect(write.patch.value(atPath: "spec.maxReplicas") == 20, "the recorded original")
        #expect(write.claimants.isEmpty)
    }

    @Test func anHPANoGuardClaimsAndCostGuardNeverTouchedIsNotLookedAt() throws {
        var memo = ConvergenceMemo()
        let plan = Self.plan([], on: [try Fixture.hpa(max: 20)], memo: &memo)
        #expect(plan.writes.isEmpty && plan.outcomes.isEmpty && plan.scaledObjectClaims.isEmpty)
        #expect(memo.count == 0)
    }
}
