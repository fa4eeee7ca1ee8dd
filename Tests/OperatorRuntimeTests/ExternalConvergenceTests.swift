import Foundation
import KubeModel
@testable import OperatorRuntime
import Testing

/// Every external convergence: Traefik rate limits, KEDA ScaledObjects, Karpenter NodePools,
/// Cluster API MachineDeployments, and the node cap shared between pools.
@Suite struct ExternalConvergenceTests {}

// MARK: Helpers

/// RFC 7386: objects merge member by member, null removes a member, anything else replaces.
private func merged(_ target: JSONValue, _ patch: JSONValue?) -> JSONValue {
    guard let patch else { return target }
    guard case .object(let members) = patch else { return patch }
    var result = target.objectValue ?? [:]
    for (key, value) in members {
        if value == .null {
            result.removeValue(forKey: key)
        } else {
            result[key] = merged(result[key] ?? .null, value)
        }
    }
    return .object(result)
}

/// An object with the members that are not nil.
private func object(_ members: [String: JSONValue?]) -> JSONValue {
    .object(members.compactMapValues { $0 })
}

/// Metadata with a label and an annotation of the user's own, which CostGuard must leave alone.
private func metadata(_ name: String, annotations: [String: String] = [:]) -> JSONValue {
    var all: [String: JSONValue] = ["owner": "web-team"]
    for (key, value) in annotations { all[key] = .string(value) }
    return ["name": .string(name), "namespace": "shop", "resourceVersion": "41", "labels": ["app": "shop"], "annotations": .object(all)]
}

private func annotations(_ object: JSONValue) -> [String: String] {
    object.value(atPath: "metadata.annotations")?.stringMap ?? [:]
}

private func changedLabel(_ object: JSONValue) -> String? {
    object.value(atPath: "metadata.labels")?.stringMap?[ExternalMarks.changedLabel]
}

private func costGuardKeys(_ object: JSONValue) -> [String] {
    annotations(object).keys.filter { $0.hasPrefix("costguard.dev/") }.sorted()
}

// MARK: Traefik Middleware

private func middleware(average: JSONValue? = 100, burst: JSONValue? = 200, rateLimit: Bool = true) -> JSONValue {
    let limit = object(["average": average, "burst": burst, "period": "1s"])
    return object(["apiVersion": "traefik.io/v1alpha1", "kind": "Middleware", "metadata": metadata("prod-rate-limit"),
                   "spec": rateLimit ? ["rateLimit": limit] : ["headers": ["customRequestHeaders": ["X-Shop": "1"]]]])
}

private func rateLimit(_ middleware: JSONValue, _ field: String) -> JSONValue? {
    middleware.value(atPath: "spec.rateLimit.\(field)")
}

struct RateLimitCase: Sendable, CustomTestStringConvertible {
    var name: String
    var average: JSONValue?
    var burst: JSONValue?
    var claims: [RateLimitClaim]
    var wantedAverage: JSONValue?
    var wantedBurst: JSONValue?
    var heldBy: [String]
    var testDescription: String { name }
}

private let shop = RateLimitClaim(guardName: "shop", average: 10, burst: 20)

extension ExternalConvergenceTests {
    @Suite struct RateLimitConvergenceTests {
        static let cases: [RateLimitCase] = [
            RateLimitCase(name: "both tightened", average: 100, burst: 200, claims: [shop],
                          wantedAverage: 10, wantedBurst: 20, heldBy: ["shop"]),
            RateLimitCase(name: "user's stricter average wins", average: 5, burst: 200, claims: [shop],
                          wantedAverage: 5, wantedBurst: 20, heldBy: ["shop"]),
            RateLimitCase(name: "absent average is no limit; absent burst is Traefik's 1", average: nil, burst: nil, claims: [shop],
                          wantedAverage: 10, wantedBurst: nil, heldBy: ["shop"]),
            RateLimitCase(name: "average 0 is no limit", average: 0, burst: 50, claims: [shop],
                          wantedAverage: 10, wantedBurst: 20, heldBy: ["shop"]),
            RateLimitCase(name: "two guards: the stricter of each field", average: 100, burst: 200,
                          claims: [shop, RateLimitClaim(guardName: "blog", average: 30, burst: 5)],
                          wantedAverage: 10, wantedBurst: 5, heldBy: ["blog", "shop"]),
        ]

        @Test(arguments: cases)
        func tightenThenRestoreRoundTrips(_ row: RateLimitCase) throws {
            let original = middleware(average: row.average, burst: row.burst)
            let tighten = RateLimitConvergence.converge(middleware: original, claims: row.claims)
            let patch = try #require(tighten.patch)
            #expect(patch.value(atPath: "metadata.resourceVersion") == "41")
            let tightened = merged(original, patch)
            #expect(rateLimit(tightened, "average") == row.wantedAverage)
            #expect(rateLimit(tightened, "burst") == row.wantedBurst)
            #expect(rateLimit(tightened, "period") == "1s")
            #expect(tighten.heldBy == row.heldBy)
            #expect(annotations(tightened)[RateLimitConvergence.heldBy] == row.heldBy.joined(separator: ","))
            #expect(annotations(tightened)["owner"] == "web-team")
            #expect(changedLabel(tightened) == "true")

            // Converging what it wrote writes nothing more.
            let again = RateLimitConvergence.converge(middleware: tightened, claims: row.claims)
            #expect(again.patch == nil)
            #expect(again.heldBy == row.heldBy)

            // No claim left: the object is as it was, marks and label gone.
            let restore = RateLimitConvergence.converge(middleware: tightened, claims: [])
            #expect(restore.heldBy.isEmpty)
            let restored = merged(tightened, restore.patch)
            #expect(restored == original)
            #expect(costGuardKeys(restored).isEmpty)
            #expect(changedLabel(restored) == nil)
            #expect(RateLimitConvergence.converge(middleware: restored, claims: []).patch == nil)
        }

        @Test func recordsOriginalsAsTextEmptyWhenAbsent() throws {
            let original = middleware(average: nil)
            let tightened = merged(original, RateLimitConvergence.converge(middleware: original, claims: [shop]).patch)
            let marks = annotations(tightened)
            #expect(marks[RateLimitConvergence.originalAverage] == "")
            #expect(marks[RateLimitConvergence.average] == "10")
            #expect(marks[RateLimitConvergence.originalBurst] == "200")
            #expect(marks[RateLimitConvergence.burst] == "20")
            #expect(marks[RateLimitConvergence.heldBy] == "shop")
        }

        @Test func userStricterOnBothFieldsWritesNothing() {
            let result = RateLimitConvergence.converge(middleware: middleware(average: 5, burst: 10), claims: [shop])
            #expect(result.patch == nil)
            #expect(result.heldBy.isEmpty)
            #expect(result.summary.isEmpty)
        }

        @Test func summariesSayWhatChanged() {
            let original = middleware()
            let tighten = RateLimitConvergence.converge(middleware: original, claims: [shop])
            #expect(tighten.summary == ["rateLimit average 100 → 10, burst 200 → 20"])
            let restore = RateLimitConvergence.converge(middleware: merged(original, tighten.patch), claims: [])
            #expect(restore.summary == ["rateLimit restored (average 100, burst 200)"])
        }

        @Test func theExactPatch() {
            let result = RateLimitConvergence.converge(middleware: middleware(), claims: [shop])
            let expected: JSONValue = [
                "metadata": [
                    "resourceVersion": "41",
                    "labels": ["costguard.dev/changed": "true"],
                    "annotations": [
                        "costguard.dev/original-rate-limit-average": "100", "costguard.dev/rate-limit-average": "10",
                        "costguard.dev/original-rate-limit-burst": "200", "costguard.dev/rate-limit-burst": "20",
                        "costguard.dev/rate-limit-by": "shop",
                    ],
                ],
                "spec": ["rateLimit": ["average": 10, "burst": 20]],
            ]
            #expect(result.patch == expected)
        }

        @Test func someoneChangedTheValueMeanwhileTheirsIsRestored() throws {
            let original = middleware()
            let tightened = merged(original, RateLimitConvergence.converge(middleware: original, claims: [shop]).patch)
            var edited = tightened
            edited["spec"] = ["rateLimit": ["average": 500, "burst": 20, "period": "1s"]]

            // Still claimed: tightened again, and their 500 is now the value to restore.
            let retightened = merged(edited, RateLimitConvergence.converge(middleware: edited, claims: [shop]).patch)
            #expect(rateLimit(retightened, "average") == 10)
            #expect(annotations(retightened)[RateLimitConvergence.originalAverage] == "500")
            #expect(annotations(retightened)[RateLimitConvergence.originalBurst] == "200")
            let restored = merged(retightened, RateLimitConvergence.converge(middleware: retightened, claims: []).patch)
            #expect(rateLimit(restored, "average") == 500)
            #expect(rateLimit(restored, "burst") == 200)
            #expect(costGuardKeys(restored).isEmpty)

            // Released right after their edit: their value stays, burst goes back.
            let released = merged(edited, RateLimitConvergence.converge(middleware: edited, claims: []).patch)
            #expect(rateLimit(released, "average") == 500)
            #expect(rateLimit(released, "burst") == 200)
            #expect(costGuardKeys(released).isEmpty)
            #expect(changedLabel(released) == nil)
        }

        @Test func theStricterGuardLeavingHandsOverToTheOther() throws {
            let original = middleware()
            let blog = RateLimitClaim(guardName: "blog", average: 50, burst: 100)
            let both = merged(original, RateLimitConvergence.converge(middleware: original, claims: [shop, blog]).patch)
            #expect(rateLimit(both, "average") == 10)
            let handover = RateLimitConvergence.converge(middleware: both, claims: [blog])
            let blogOnly = merged(both, handover.patch)
            #expect(rateLimit(blogOnly, "average") == 50)
            #expect(rateLimit(blogOnly, "burst") == 100)
            #expect(handover.heldBy == ["blog"])
            #expect(annotations(blogOnly)[RateLimitConvergence.originalAverage] == "100")
            #expect(merged(blogOnly, RateLimitConvergence.converge(middleware: blogOnly, claims: []).patch) == original)
        }

        @Test func middlewareWithoutRateLimitIsLeftAlone() {
            let result = RateLimitConvergence.converge(middleware: middleware(rateLimit: false), claims: [shop])
            #expect(result.patch == nil)
            #expect(result.heldBy.isEmpty)
            #expect(result.summary == ["middleware has no rateLimit; nothing tightened"])
        }
    }
}

// MARK: KEDA ScaledObject

private let now = Date(timeIntervalSince1970: 1_770_000_000)

private func scaledObject(pausedScaleOut: String? = nil, max: JSONValue? = 50, min: JSONValue? = 2) -> JSONValue {
    var extra: [String: String] = [:]
    if let pausedScaleOut { extra[ScaledObjectConvergence.pausedScaleOut] = pausedScaleOut }
    return object(["apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": metadata("web", annotations: extra),
                   "spec": object(["scaleTargetRef": ["name": "web"], "minReplicaCount": min, "maxReplicaCount": max,
                                   "triggers": [["type": "prometheus", "metadata": ["threshold": "100"]]]])])
}

private func pause(_ guardName: String, until: Date? = now.addingTimeInterval(600)) -> HPAClaim {
    HPAClaim(guardName: guardName, pause: HPAClaim.Pause(reason: "surge", since: now.addingTimeInterval(-60), until: until), ceiling: nil)
}

private func ceiling(_ guardName: String, _ maxReplicas: Int) -> HPAClaim {
    HPAClaim(guardName: guardName, pause: nil, ceiling: HPAClaim.Ceiling(maxReplicas: maxReplicas, cap: "maxNodes"))
}

private func converge(_ object: JSONValue, _ claims: [HPAClaim], at time: Date = now) -> ScaledObjectResult {
    ScaledObjectConvergence.converge(scaledObject: object, claims: claims, now: time)
}

struct ScaledObjectCase: Sendable, CustomTestStringConvertible {
    var name: String
    var original: JSONValue
    var claims: [HPAClaim]
    var pausedScaleOut: String?
    var maxReplicaCount: JSONValue?
    var pausedBy: [String] = []
    var ceilingBy: String?
    var testDescription: String { name }
}

extension ExternalConvergenceTests {
    @Suite struct ScaledObjectConvergenceTests {
        static let cases: [ScaledObjectCase] = [
            ScaledObjectCase(name: "pause", original: scaledObject(), claims: [pause("shop")], pausedScaleOut: "true",
                             maxReplicaCount: 50, pausedBy: ["shop"]),
            ScaledObjectCase(name: "pause over the user's false", original: scaledObject(pausedScaleOut: "false"), claims: [pause("shop")],
                             pausedScaleOut: "true", maxReplicaCount: 50, pausedBy: ["shop"]),
            ScaledObjectCase(name: "pause the user already had", original: scaledObject(pausedScaleOut: "true"), claims: [pause("shop")],
                             pausedScaleOut: "true", maxReplicaCount: 50, pausedBy: ["shop"]),
            ScaledObjectCase(name: "ceiling", original: scaledObject(), claims: [ceiling("shop", 10)],
                             maxReplicaCount: 10, ceilingBy: "shop"),
            ScaledObjectCase(name: "ceiling under KEDA's default 100", original: scaledObject(max: nil), claims: [ceiling("shop", 10)],
                             maxReplicaCount: 10, ceilingBy: "shop"),
            ScaledObjectCase(name: "ceiling held at minReplicaCount", original: scaledObject(min: 4), claims: [ceiling("shop", 1)],
                             maxReplicaCount: 4, ceilingBy: "shop"),
            ScaledObjectCase(name: "two guards: any pause pauses, the lowest ceiling holds", original: scaledObject(),
                             claims: [pause("shop"), pause("blog"), ceiling("api", 20), ceiling("ops", 12)],
                             pausedScaleOut: "true", maxReplicaCount: 12, pausedBy: ["blog", "shop"], ceilingBy: "ops"),
        ]

        @Test(arguments: cases)
        func holdThenRestoreRoundTrips(_ row: ScaledObjectCase) throws {
            let hold = converge(row.original, row.claims)
            let patch = try #require(hold.convergence.patch)
            #expect(patch.value(atPath: "metadata.resourceVersion") == "41")
            let held = merged(row.original, patch)
            #expect(annotations(held)[ScaledObjectConvergence.pausedScaleOut] == row.pausedScaleOut)
            #expect(held.value(atPath: "spec.maxReplicaCount") == row.maxReplicaCount)
            #expect(hold.pausedBy == row.pausedBy)
            #expect(hold.ceilingBy == row.ceilingBy)
            #expect(hold.convergence.heldBy == Array(Set(row.pausedBy + [row.ceilingBy].compactMap { $0 })).sorted())
            #expect(changedLabel(held) == "true")
            #expect(annotations(held)["owner"] == "web-team")

            #expect(converge(held, row.claims).convergence.patch == nil)

            let restore = converge(held, [])
            #expect(restore.convergence.heldBy.isEmpty)
            let restored = merged(held, restore.convergence.patch)
            #expect(restored == row.original)
            #expect(costGuardKeys(restored).isEmpty)
            #expect(changedLabel(restored) == nil)
        }

        @Test func pauseRecordsTheOriginalAndTheHoldDown() {
            let held = merged(scaledObject(), converge(scaledObject(), [pause("shop")]).convergence.patch)
            let marks = annotations(held)
            #expect(marks[ScaledObjectConvergence.originalPausedScaleOut] == "")
            #expect(marks[HPAAnnotations.pausedBy] == "shop")
            #expect(marks[HPAAnnotations.pausedReason] == "surge")
            #expect(marks[HPAAnnotations.pausedSince] == HPAAnnotations.text(now.addingTimeInterval(-60)))
            #expect(marks[HPAAnnotations.pausedUntil] == HPAAnnotations.text(now.addingTimeInterval(600)))
        }

        @Test func theUsersOwnPauseIsNeitherRecordedNorUndone() throws {
            let original = scaledObject(pausedScaleOut: "true")
            let hold = converge(original, [pause("shop")])
            let patch = try #require(hold.convergence.patch)
            #expect(patch.value(atPath: "metadata.annotations")?[ScaledObjectConvergence.pausedScaleOut] == nil)
            #expect(patch.value(atPath: "metadata.annotations")?[ScaledObjectConvergence.originalPausedScaleOut] == nil)
            #expect(hold.convergence.summary.isEmpty)
            let restore = converge(merged(original, patch), [])
            #expect(restore.convergence.patch?.value(atPath: "metadata.annotations")?[ScaledObjectConvergence.pausedScaleOut] == nil)
            #expect(!restore.convergence.summary.contains("scale-out resumed"))
        }

        @Test func ceilingRecordsOriginalEmptyWhenUnset() {
            let original = scaledObject(max: nil)
            let hold = converge(original, [ceiling("shop", 10)])
            let marks = annotations(merged(original, hold.convergence.patch))
            #expect(marks[ScaledObjectConvergence.originalMaxReplicaCount] == "")
            #expect(marks[ScaledObjectConvergence.maxReplicaCount] == "10")
            #expect(marks[HPAAnnotations.ceilingBy] == "shop")
            #expect(marks[HPAAnnotations.ceilingCap] == "maxNodes")
            #expect(hold.convergence.summary == ["maxReplicaCount unset (100) → 10"])
        }

        @Test func ceilingAboveKEDAsDefaultChangesNothing() {
            let result = converge(scaledObject(max: nil), [ceiling("shop", 150)])
            #expect(result.convergence.patch == nil)
            #expect(result.ceilingBy == nil)
            #expect(result.convergence.heldBy.isEmpty)
        }

        @Test func someoneChangedMaxReplicaCountMeanwhileTheirsIsRestored() {
            let original = scaledObject()
            var edited = merged(original, converge(original, [ceiling("shop", 10)]).convergence.patch)
            edited["spec"]?["maxReplicaCount"] = 30
            let retightened = merged(edited, converge(edited, [ceiling("shop", 10)]).convergence.patch)
            #expect(retightened.value(atPath: "spec.maxReplicaCount") == 10)
            #expect(annotations(retightened)[ScaledObjectConvergence.originalMaxReplicaCount] == "30")
            let restored = merged(retightened, converge(retightened, []).convergence.patch)
            #expect(restored.value(atPath: "spec.maxReplicaCount") == 30)
            #expect(costGuardKeys(restored).isEmpty)
        }

        @Test func aRecordedPauseRunsOutItsHoldDownAfterARestart() throws {
            let original = scaledObject()
            let paused = merged(original, converge(original, [pause("shop", until: now.addingTimeInterval(300))]).convergence.patch)
            // A new process: the guard still claims the object but sees no surge (no pause in its claim).
            let quiet = HPAClaim(guardName: "shop", pause: nil, ceiling: nil)

            let before = converge(paused, [quiet], at: now.addingTimeInterval(120))
            #expect(before.convergence.patch == nil)
            #expect(before.pausedBy == ["shop"])
            #expect(before.convergence.heldBy == ["shop"])

            let after = converge(paused, [quiet], at: now.addingTimeInterval(301))
            #expect(after.pausedBy.isEmpty)
            #expect(after.convergence.summary == ["scale-out resumed"])
            #expect(merged(paused, after.convergence.patch) == original)

            // A guard that no longer claims the object does not keep a recorded pause.
            let other = converge(paused, [HPAClaim(guardName: "blog", pause: nil, ceiling: nil)], at: now.addingTimeInterval(120))
            #expect(other.pausedBy.isEmpty)
            #expect(merged(paused, other.convergence.patch) == original)
        }

        @Test func theHoldDownRecordMovesOnlyOnceAMinuteBehind() throws {
            let original = scaledObject()
            let paused = merged(original, converge(original, [pause("shop")]).convergence.patch)
            #expect(converge(paused, [pause("shop", until: now.addingTimeInterval(630))]).convergence.patch == nil)
            let moved = converge(paused, [pause("shop", until: now.addingTimeInterval(690))])
            let patch = try #require(moved.convergence.patch)
            let until = HPAAnnotations.text(now.addingTimeInterval(690))
            #expect(patch.value(atPath: "metadata.annotations")?[HPAAnnotations.pausedUntil] == .string(until))
            #expect(moved.convergence.summary == ["hold-down extended to \(until)"])
        }

        @Test func theOwningScaledObjectOfAnHPA() {
            func hpa(_ owners: [JSONValue]?) -> JSONValue {
                object(["apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                        "metadata": object(["name": "keda-hpa-web", "namespace": "shop", "ownerReferences": owners.map { .array($0) }])])
            }
            let keda: JSONValue = ["apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "name": "web", "uid": "1", "controller": true]
            let deployment: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "2"]
            #expect(ScaledObjectConvergence.owner(ofHPA: hpa([keda])) == "web")
            #expect(ScaledObjectConvergence.owner(ofHPA: hpa([deployment, keda])) == "web")
            #expect(ScaledObjectConvergence.owner(ofHPA: hpa([deployment])) == nil)
            #expect(ScaledObjectConvergence.owner(ofHPA: hpa(nil)) == nil)
        }
    }
}

// MARK: Karpenter NodePool

private func nodePool(_ limits: JSONValue?) -> JSONValue {
    object(["apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": metadata("general"),
            "spec": object(["template": ["spec": ["nodeClassRef": ["group": "karpenter.k8s.aws", "kind": "EC2NodeClass",
                                                                   "name": "default"]]],
                            "limits": limits])])
}

struct NodePoolCase: Sendable, CustomTestStringConvertible {
    var name: String
    var limits: JSONValue?
    var claims: [NodeLimitClaim]
    var nodes: JSONValue
    var heldBy: [String]
    var testDescription: String { name }
}

private let twelve = NodeLimitClaim(guardName: "shop", limit: 12)

extension ExternalConvergenceTests {
    @Suite struct NodePoolConvergenceTests {
        static let cases: [NodePoolCase] = [
            NodePoolCase(name: "integer limit stays an integer", limits: ["cpu": "1000", "memory": "1000Gi", "nodes": 40], claims: [twelve],
                         nodes: 12, heldBy: ["shop"]),
            NodePoolCase(name: "string limit stays a string", limits: ["cpu": "1000", "nodes": "40"], claims: [twelve],
                         nodes: "12", heldBy: ["shop"]),
            NodePoolCase(name: "absent nodes limit added as a quantity string", limits: ["cpu": "1000"], claims: [twelve], nodes: "12",
                         heldBy: ["shop"]),
            NodePoolCase(name: "no limits at all", limits: nil, claims: [twelve], nodes: "12", heldBy: ["shop"]),
            NodePoolCase(name: "suffixed quantity", limits: ["nodes": "1k"], claims: [twelve], nodes: "12", heldBy: ["shop"]),
            NodePoolCase(name: "two guards: the lowest holds", limits: ["nodes": 40],
                         claims: [NodeLimitClaim(guardName: "blog", limit: 20), twelve], nodes: 12, heldBy: ["blog", "shop"]),
        ]

        @Test(arguments: cases)
        func tightenThenRestoreRoundTrips(_ row: NodePoolCase) throws {
            let original = nodePool(row.limits)
            let tighten = NodeLimitConvergence.nodePool(original, claims: row.claims)
            let patch = try #require(tighten.patch)
            #expect(patch.value(atPath: "metadata.resourceVersion") == "41")
            let tightened = merged(original, patch)
            #expect(tightened.value(atPath: "spec.limits.nodes") == row.nodes)
            #expect(tightened.value(atPath: "spec.limits.cpu") == row.limits?["cpu"])
            #expect(tightened.value(atPath: "spec.limits.memory") == row.limits?["memory"])
            #expect(tighten.heldBy == row.heldBy)
            #expect(annotations(tightened)[NodeLimitConvergence.heldBy] == row.heldBy.joined(separator: ","))
            #expect(annotations(tightened)[NodeLimitConvergence.limit] == "12")
            #expect(changedLabel(tightened) == "true")

            #expect(NodeLimitConvergence.nodePool(tightened, claims: row.claims).patch == nil)

            let restore = NodeLimitConvergence.nodePool(tightened, claims: [])
            let restored = merged(tightened, restore.patch)
            #expect(restored == original)
            #expect(restore.heldBy.isEmpty)
            #expect(costGuardKeys(restored).isEmpty)
            #expect(changedLabel(restored) == nil)
        }

        @Test func recordsTheOriginalEmptyWhenAbsent() {
            let original = nodePool(["cpu": "1000"])
            let tighten = NodeLimitConvergence.nodePool(original, claims: [twelve])
            #expect(annotations(merged(original, tighten.patch))[NodeLimitConvergence.originalLimit] == "")
            #expect(tighten.summary == ["limits.nodes unset → 12"])
            let withLimit = nodePool(["nodes": 40])
            let tightened = merged(withLimit, NodeLimitConvergence.nodePool(withLimit, claims: [twelve]).patch)
            #expect(annotations(tightened)[NodeLimitConvergence.originalLimit] == "40")
            #expect(NodeLimitConvergence.nodePool(tightened, claims: []).summary == ["limits.nodes restored to 40"])
        }

        @Test func theUsersStricterLimitWins() {
            let result = NodeLimitConvergence.nodePool(nodePool(["cpu": "1000", "nodes": 5]), claims: [twelve])
            #expect(result.patch == nil)
            #expect(result.heldBy.isEmpty)
        }

        @Test func aLimitThatIsNotACountIsLeftAlone() {
            let result = NodeLimitConvergence.nodePool(nodePool(["nodes": "lots"]), claims: [twelve])
            #expect(result.patch == nil)
            #expect(result.summary == ["limits.nodes lots is not a whole node count; nothing tightened"])
        }

        @Test func someoneChangedTheLimitMeanwhileTheirsIsRestored() {
            let original = nodePool(["cpu": "1000", "nodes": 40])
            var edited = merged(original, NodeLimitConvergence.nodePool(original, claims: [twelve]).patch)
            edited["spec"]?["limits"]?["nodes"] = 30
            let restored = merged(edited, NodeLimitConvergence.nodePool(edited, claims: []).patch)
            #expect(restored.value(atPath: "spec.limits.nodes") == 30)
            #expect(costGuardKeys(restored).isEmpty)
            #expect(changedLabel(restored) == nil)
        }

        @Test(arguments: [("10", 10), ("2.5", 2), ("1k", 1000), ("1Ki", 1024), ("500m", 0), ("1e2", 100), ("+3", 3)] as [(String, Int)])
        func nodeCountsFromQuantities(_ text: String, _ count: Int) {
            #expect(NodeLimitConvergence.nodeCount(text) == count)
        }

        @Test(arguments: ["", "lots", "10x", "1KB", "."])
        func textsThatAreNotQuantities(_ text: String) {
            #expect(NodeLimitConvergence.nodeCount(text) == nil)
        }
    }
}

// MARK: Cluster API MachineDeployment

private func machineDeployment(max: String?, min: String? = "1", replicas: Int = 3) -> JSONValue {
    var extra: [String: String] = [:]
    if let max { extra[NodeLimitConvergence.maxSize] = max }
    if let min { extra[NodeLimitConvergence.minSize] = min }
    return object(["apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "MachineDeployment",
                   "metadata": metadata("workers", annotations: extra),
                   "spec": ["clusterName": "prod", "replicas": .int(Int64(replicas))]])
}

struct MachineDeploymentCase: Sendable, CustomTestStringConvertible {
    var name: String
    var original: JSONValue
    var claims: [NodeLimitClaim]
    var maxSize: String
    var heldBy: [String]
    var testDescription: String { name }
}

extension ExternalConvergenceTests {
    @Suite struct MachineDeploymentConvergenceTests {
        static let cases: [MachineDeploymentCase] = [
            MachineDeploymentCase(name: "max lowered", original: machineDeployment(max: "10"),
                                  claims: [NodeLimitClaim(guardName: "shop", limit: 6)],
                                  maxSize: "6", heldBy: ["shop"]),
            MachineDeploymentCase(name: "never below min-size", original: machineDeployment(max: "10", min: "4"),
                                  claims: [NodeLimitClaim(guardName: "shop", limit: 2)], maxSize: "4", heldBy: ["shop"]),
            MachineDeploymentCase(name: "below the current replicas", original: machineDeployment(max: "10", replicas: 8),
                                  claims: [NodeLimitClaim(guardName: "shop", limit: 5)], maxSize: "5", heldBy: ["shop"]),
            MachineDeploymentCase(name: "two guards: the lowest holds", original: machineDeployment(max: "10", min: nil),
                                  claims: [NodeLimitClaim(guardName: "shop", limit: 8), NodeLimitClaim(guardName: "blog", limit: 6)],
                                  maxSize: "6", heldBy: ["blog", "shop"]),
        ]

        @Test(arguments: cases)
        func tightenThenRestoreRoundTrips(_ row: MachineDeploymentCase) throws {
            let tighten = NodeLimitConvergence.machineDeployment(row.original, claims: row.claims)
            let patch = try #require(tighten.patch)
            #expect(patch["spec"] == nil)
            let tightened = merged(row.original, patch)
            #expect(annotations(tightened)[NodeLimitConvergence.maxSize] == row.maxSize)
            #expect(annotations(tightened)[NodeLimitConvergence.minSize] == annotations(row.original)[NodeLimitConvergence.minSize])
            #expect(annotations(tightened)[NodeLimitConvergence.originalLimit] == "10")
            #expect(tightened["spec"] == row.original["spec"])
            #expect(tighten.heldBy == row.heldBy)
            #expect(changedLabel(tightened) == "true")

            #expect(NodeLimitConvergence.machineDeployment(tightened, claims: row.claims).patch == nil)

            let restore = NodeLimitConvergence.machineDeployment(tightened, claims: [])
            let restored = merged(tightened, restore.patch)
            #expect(restored == row.original)
            #expect(restore.summary == ["autoscaler max-size restored to 10"])
            #expect(costGuardKeys(restored).isEmpty)
        }

        @Test func nothingToLower() {
            let claim = [NodeLimitClaim(guardName: "shop", limit: 2)]
            // min-size equals max-size: the floor leaves no room.
            #expect(NodeLimitConvergence.machineDeployment(machineDeployment(max: "10", min: "10"), claims: claim).patch == nil)
            // The user's max is already lower.
            #expect(NodeLimitConvergence.machineDeployment(machineDeployment(max: "1", min: "0"), claims: claim).patch == nil)
            // Not autoscaled: no max-size annotation is added.
            let unscaled = NodeLimitConvergence.machineDeployment(machineDeployment(max: nil, min: nil), claims: claim)
            #expect(unscaled.patch == nil)
            #expect(unscaled.heldBy.isEmpty)
            #expect(unscaled.summary == ["no autoscaler max-size annotation to lower; nothing tightened"])
        }

        @Test func someoneChangedMaxSizeMeanwhileTheirsIsRestored() {
            let original = machineDeployment(max: "10")
            let claims = [NodeLimitClaim(guardName: "shop", limit: 6)]
            var edited = merged(original, NodeLimitConvergence.machineDeployment(original, claims: claims).patch)
            edited["metadata"]?["annotations"]?[NodeLimitConvergence.maxSize] = "8"
            let restored = merged(edited, NodeLimitConvergence.machineDeployment(edited, claims: []).patch)
            #expect(annotations(restored)[NodeLimitConvergence.maxSize] == "8")
            #expect(costGuardKeys(restored).isEmpty)
            #expect(changedLabel(restored) == nil)
        }
    }
}

// MARK: Sharing the cap between pools

struct PoolLimitsCase: Sendable, CustomTestStringConvertible {
    var name: String
    var maxNodes: Int
    var countedNodes: Int
    var pools: [String: Int]
    var limits: [String: Int]
    var testDescription: String { name }
}

extension ExternalConvergenceTests {
    @Suite struct PoolLimitsTests {
        static let cases: [PoolLimitsCase] = [
            PoolLimitsCase(name: "headroom on top of each pool", maxNodes: 40, countedNodes: 30, pools: ["a": 10, "b": 5],
                           limits: ["a": 20, "b": 15]),
            PoolLimitsCase(name: "at the cap: no pool grows", maxNodes: 40, countedNodes: 40, pools: ["a": 10, "b": 5],
                           limits: ["a": 10, "b": 5]),
            PoolLimitsCase(name: "over the cap: no pool grows, none shrinks", maxNodes: 40, countedNodes: 45, pools: ["a": 10, "b": 5],
                           limits: ["a": 10, "b": 5]),
            PoolLimitsCase(name: "no pools", maxNodes: 40, countedNodes: 30, pools: [:], limits: [:]),
        ]

        @Test(arguments: cases)
        func limitsAreCountPlusHeadroom(_ row: PoolLimitsCase) {
            let limits = NodeLimitConvergence.limits(maxNodes: row.maxNodes, countedNodes: row.countedNodes, pools: row.pools)
            #expect(limits == row.limits)
            // Whichever one pool grows to its limit, the counted nodes stay within the cap (or where they already were).
            for (pool, count) in row.pools {
                #expect(row.countedNodes + (limits[pool]! - count) <= max(row.maxNodes, row.countedNodes))
            }
        }
    }
}
