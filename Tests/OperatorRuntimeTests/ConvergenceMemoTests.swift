import Foundation
import KubeModel
@testable import OperatorRuntime
import Testing

/// The memo of converged HPAs: used only while nothing the convergence depends on has changed.
@Suite struct ConvergenceMemoTests {
    typealias Fixture = HPAConvergenceTests
    static let key = "shop/web"

    /// An HPA already held at a ceiling of 6 and paused by "shop" until now + 600 s.
    static func held() throws -> (HorizontalPodAutoscaler, [HPAClaim]) {
        var claim = Fixture.surge("shop")
        claim.ceiling = .init(maxReplicas: 6, cap: "maxNodes")
        let claims = [claim]
        let hpa = try Fixture.hpa(max: 20)
        return (try Fixture.applied(hpa, HPAConvergence(hpa: hpa, claims: claims, now: Fixture.now)), claims)
    }

    @Test func aConvergedHPAIsNotWorkedOutAgainWhileNothingChanged() throws {
        let (hpa, claims) = try Self.held()
        var memo = ConvergenceMemo()
        let first = memo.convergence(key: Self.key, hpa: hpa, claims: claims, now: Fixture.now)
        #expect(first.convergence?.patch == nil, "held as it should be")
        #expect(first.ceilingBy == "shop")
        let second = memo.convergence(key: Self.key, hpa: hpa, claims: claims, now: Fixture.now.addingTimeInterval(15))
        #expect(second.convergence == nil, "answered from the memo")
        #expect(second.ceilingBy == "shop")
    }

    @Test func otherClaimsAnotherVersionOrARecordedPauseRunningOutAreWorkedOut() throws {
        let (hpa, claims) = try Self.held()
        var memo = ConvergenceMemo()
        _ = memo.convergence(key: Self.key, hpa: hpa, claims: claims, now: Fixture.now)

        // The ceiling moves: worked out, and a write.
        var moved = claims
        moved[0].ceiling?.maxReplicas = 8
        #expect(memo.convergence(key: Self.key, hpa: hpa, claims: moved, now: Fixture.now).convergence?.patch != nil)

        // Someone edited the HPA (another resourceVersion): worked out again.
        _ = memo.convergence(key: Self.key, hpa: hpa, claims: claims, now: Fixture.now)
        var edited = hpa
        edited.metadata.resourceVersion = "9"
        #expect(memo.convergence(key: Self.key, hpa: edited, claims: claims, now: Fixture.now).convergence != nil)

        // The guard still claims the HPA with no pause of its own, and the recorded pause holds
        // it until its hold-down ends; past that, time alone changes what the HPA should be.
        let quiet = [HPAClaim(guardName: "shop", pause: nil, ceiling: .init(maxReplicas: 6, cap: "maxNodes"))]
        let during = memo.convergence(key: Self.key, hpa: hpa, claims: quiet, now: Fixture.now.addingTimeInterval(300))
        #expect(during.convergence?.patch == nil, "the recorded pause still holds")
        #expect(memo.convergence(key: Self.key, hpa: hpa, claims: quiet, now: Fixture.now.addingTimeInterval(400)).convergence == nil)
        let after = memo.convergence(key: Self.key, hpa: hpa, claims: quiet, now: Fixture.now.addingTimeInterval(601))
        #expect(after.convergence?.patch != nil, "the pause ran out: scale-up is resumed")
    }

    @Test func hpasNoLongerLookedAtAreForgotten() throws {
        let (hpa, claims) = try Self.held()
        var memo = ConvergenceMemo()
        _ = memo.convergence(key: Self.key, hpa: hpa, claims: claims, now: Fixture.now)
        #expect(memo.count == 1)
        memo.keep(only: ["other/hpa"])
        #expect(memo.count == 0)
    }
}
