import CostGuardAPI
import Foundation
import KubeClient
import KubeModel
@testable import OperatorRuntime
import Testing

/// The enforcer's plan for the objects outside CostGuard, made without a server from what was
/// read: one action list across the kinds, the failures each guard hears of, and who holds what.
@Suite struct ExternalEnforcementPlanTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let setRef = ObjectRef(namespace: nil, name: "costguard-deny")
    static let middlewareRef = ObjectRef(namespace: "shop", name: "prod-rate-limit")
    static let poolRef = ObjectRef(namespace: nil, name: "general")

    /// Guard `team` denies one prefix and tightens the Middleware's rate limit; guard `nodes`
    /// holds 10 nodes at the Karpenter NodePools labelled `team: shop`.
    static func claims() -> ExternalClaims {
        var claims = ExternalClaims(enforcing: [:], scaledObjects: [:])
        let entry = DenyRecord(prefix: "203.0.113.0/24", rps: 40, expires: HPAAnnotations.text(now.addingTimeInterval(600)), guardName: "team")
        claims.deny[.calicoGlobalNetworkSet] = [setRef: [DenyClaim(guardName: "team", entries: [entry], maxEntries: 100, neverDeny: [])]]
        claims.denyNamed[.calicoGlobalNetworkSet] = [setRef: ["team"]]
        claims.rateLimits = [middlewareRef: [RateLimitClaim(guardName: "team", average: 10, burst: 20)]]
        claims.rateLimitsUsed = true
        claims.karpenter = [.init(name: "nodes", selector: LabelSelector(matchLabels: ["team": "shop"]), maxNodes: 10, countedNodes: 8)]
        return claims
    }

    static let middleware: JSONValue = [
        "apiVersion": "traefik.io/v1alpha1", "kind": "Middleware",
        "metadata": ["name": "prod-rate-limit", "namespace": "shop", "resourceVersion": "7"],
        "spec": ["rateLimit": ["average": 100, "burst": 200]],
    ]
    static let pool: JSONValue = [
        "apiVersion": "karpenter.sh/v1", "kind": "NodePool",
        "metadata": ["name": "general", "labels": ["team": "shop"], "resourceVersion": "3"],
        "spec": ["limits": ["cpu": "1000"]],
    ]
    static let calico = DenySetKind.calico.resource
    static let middlewares = ExternalKind.middlewares.candidates[0]
    static let nodePools = ExternalKind.nodePools.candidates[0]

    static func plan(_ claims: ExternalClaims, _ reads: [String: ExternalRead]) -> ExternalEnforcementPlan {
        ExternalEnforcementPlan(claims: claims, reads: reads, protected: [], poolNodes: ["general": 6], now: now)
    }

    @Test func everyKindReadGetsItsWritesInOneListInKindOrder() throws {
        let plan = Self.plan(Self.claims(), [
            "CalicoGlobalNetworkSet": .objects(Self.calico, [:]),
            "middlewares": .objects(Self.middlewares, [Self.middlewareRef: Self.middleware]),
            "nodepools": .objects(Self.nodePools, [Self.poolRef: Self.pool]),
        ])
        #expect(plan.actions.map(\.kind) == ["GlobalNetworkSet", "Middleware", "NodePool"])
        let create = plan.actions[0]
        guard case .create(let body) = create.verb else { Issue.record("the absent set is created, not \(create.verb)"); return }
        #expect(body.value(atPath: "spec.nets") == ["203.0.113.0/24"])
        #expect(create.ref == Self.setRef && create.claimants == ["team"] && create.heldBy == ["team"])
        #expect(create.heldIfUnwritten == ["team"], "a set not created yet is still the claiming guard's to finish")
        guard case .patch(let limit) = plan.actions[1].verb else { Issue.record("the Middleware is patched"); return }
        #expect(limit.value(atPath: "spec.rateLimit.average") == 10)
        #expect(plan.actions[1].heldIfUnwritten.isEmpty, "the Middleware as read records no guard")
        guard case .patch(let limits) = plan.actions[2].verb else { Issue.record("the NodePool is patched"); return }
        // 6 nodes in the pool, 8 counted against a cap of 10: 2 more at most.
        #expect(limits.value(atPath: "spec.limits.nodes") == "8")
        #expect(plan.marked["CalicoGlobalNetworkSet"] == [Self.setRef: ["team"]])
        #expect(plan.marked["middlewares"] == [Self.middlewareRef: ["team"]])
        #expect(plan.marked["nodepools"] == [Self.poolRef: ["nodes"]])
        #expect(plan.outcome == ExternalOutcome())
    }

    @Test func aFailedReadPlansNothingOfItsKindAndLeavesItsMarksAlone() {
        let plan = Self.plan(Self.claims(), [
            "CalicoGlobalNetworkSet": .failed("reading CalicoGlobalNetworkSet deny sets: 503"),
            "middlewares": .objects(Self.middlewares, [Self.middlewareRef: Self.middleware]),
        ])
        #expect(plan.actions.map(\.kind) == ["Middleware"], "the other kinds still converge")
        #expect(plan.outcome.failures == ["team": "reading CalicoGlobalNetworkSet deny sets: 503"])
        #expect(plan.outcome.incomplete, "a deleted guard keeps its finalizer while a kind is unread")
        #expect(plan.marked["CalicoGlobalNetworkSet"] == nil, "what CostGuard marked before is not forgotten")
    }

    @Test func aKindWithoutAnAPIIsReportedAndHoldsNothing() {
        let plan = Self.plan(Self.claims(), ["middlewares": .unavailable("no Middleware API (traefik.io/v1alpha1) in this cluster")])
        #expect(plan.actions.isEmpty)
        #expect(plan.outcome.failures == ["team": "no Middleware API (traefik.io/v1alpha1) in this cluster"])
        #expect(!plan.outcome.incomplete && plan.marked["middlewares"] == [:])
    }

    @Test func aNamedObjectThatIsNotThereIsNamedInTheFailure() {
        let plan = Self.plan(Self.claims(), ["middlewares": .objects(Self.middlewares, [:])])
        #expect(plan.actions.isEmpty)
        #expect(plan.outcome.failures == ["team": "Middleware shop/prod-rate-limit not found"])
    }

    @Test func aKindNotReadIsNotPlannedAtAll() {
        let plan = Self.plan(Self.claims(), [:])
        #expect(plan.actions.isEmpty && plan.marked.isEmpty && plan.outcome == ExternalOutcome())
    }

    @Test func aSetNoGuardClaimsAnyMoreIsDeletedAndHeldUntilItIs() throws {
        let recorded = DenyRecord(prefix: "198.51.100.0/24", rps: 40, expires: HPAAnnotations.text(Self.now.addingTimeInterval(600)),
                                  guardName: "gone")
        let set: JSONValue = [
            "apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkSet",
            "metadata": ["name": "costguard-deny", "resourceVersion": "9",
                         "labels": [ExternalMarks.changedLabel: .string(ExternalMarks.changedValue)],
                         "annotations": [DenyRecord.annotation: .string(DenyRecord.encode([recorded])),
                                         DenyRecord.createdAnnotation: "true"]],
            "spec": ["nets": ["198.51.100.0/24"]],
        ]
        let plan = Self.plan(ExternalClaims(enforcing: [:], scaledObjects: [:]),
                             ["CalicoGlobalNetworkSet": .objects(Self.calico, [Self.setRef: set])])
        let action = try #require(plan.actions.first)
        #expect(action.verb == .delete && action.reportLine == "GlobalNetworkSet costguard-deny: deleted (no guard uses it)")
        #expect(action.heldIfUnwritten == ["gone"], "until the set is gone, the deleted guard's finalizer stays")
        #expect(plan.marked["CalicoGlobalNetworkSet"] == [:])
    }
}
