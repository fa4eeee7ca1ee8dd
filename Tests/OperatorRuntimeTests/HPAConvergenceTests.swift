import Foundation
import KubeModel
import KubeSim
@testable import OperatorRuntime
import Testing

/// HPAConvergence on its own: each case starts from an HPA as a user left it, applies the
/// patch the convergence asks for (as the API would, by JSON merge patch), and checks both the
/// result and that converging again asks for nothing.
@Suite struct HPAConvergenceTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func hpa(min: Int64? = 2, max: Int64 = 20, selectPolicy: String? = nil,
                    annotations: [String: String] = [:]) throws -> HorizontalPodAutoscaler {
        var spec: [String: JSONValue] = ["maxReplicas": .int(max),
                                         "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"]]
        if let min { spec["minReplicas"] = .int(min) }
        if let selectPolicy { spec["behavior"] = ["scaleUp": ["selectPolicy": .string(selectPolicy)]] }
        var metadata: [String: JSONValue] = ["name": "web", "namespace": "shop", "resourceVersion": "7"]
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues { .string($0) }) }
        let object: JSONValue = ["apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                                 "metadata": .object(metadata), "spec": .object(spec)]
        return try object.decode()
    }

    /// The HPA after the convergence's patch, with the resourceVersion moved on as the API does.
    static func applied(_ hpa: HorizontalPodAutoscaler, _ convergence: HPAConvergence) throws -> HorizontalPodAutoscaler {
        guard let patch = convergence.patch else { return hpa }
        var value = try JSONValue(encoding: hpa).applyingMergePatch(patch)
        value["metadata"]?["resourceVersion"] = "8"
        return try value.decode()
    }

    static func surge(_ guardName: String, until: TimeInterval = 600) -> HPAClaim {
        HPAClaim(guardName: guardName, pause: .init(reason: "surge", since: now, until: now.addingTimeInterval(until)), ceiling: nil)
    }

    static func ceiling(_ guardName: String, _ maxReplicas: Int) -> HPAClaim {
        HPAClaim(guardName: guardName, pause: nil, ceiling: .init(maxReplicas: maxReplicas, cap: "maxNodes"))
    }

    @Test func surgePauseDisablesScaleUpRecordsTheOriginalAndIsIdempotent() throws {
        let hpa = try Self.hpa(selectPolicy: "Max")
        let convergence = HPAConvergence(hpa: hpa, claims: [Self.surge("shop")], now: Self.now)
        #expect(convergence.patch?.value(atPath: "metadata.resourceVersion") == "7", "the write is conditional")
        let paused = try Self.applied(hpa, convergence)
        #expect(paused.spec.behavior?.scaleUp?.selectPolicy == .disabled)
        let annotations = paused.metadata.annotations ?? [:]
        #expect(annotations[HPAAnnotations.pausedBy] == "shop")
        #expect(annotations[HPAAnnotations.originalSelectPolicy] == "Max")
        #expect(annotations[HPAAnnotations.pausedUntil] == HPAAnnotations.text(Self.now.addingTimeInterval(600)))
        #expect(HPAConvergence(hpa: paused, claims: [Self.surge("shop")], now: Self.now).patch == nil)

        // The hold-down moving on by less than a minute is no write; past a minute it is.
        #expect(HPAConvergence(hpa: paused, claims: [Self.surge("shop", until: 630)], now: Self.now).patch == nil)
        #expect(HPAConvergence(hpa: paused, claims: [Self.surge("shop", until: 700)], now: Self.now).patch != nil)
    }

    @Test func resumingRestoresExactlyWhatWasThere() throws {
        for original in [nil, "Max", "Min"] as [String?] {
            let hpa = try Self.hpa(max: 20, selectPolicy: original)
            let held = try Self.applied(hpa, HPAConvergence(hpa: hpa, claims: [Self.surge("shop"), Self.ceiling("shop", 6)], now: Self.now))
            #expect(held.spec.maxReplicas == 6)
            // The guard still claims the HPA but wants nothing, after the hold-down ended.
            let later = Self.now.addingTimeInterval(601)
            let free = HPAClaim(guardName: "shop", pause: nil, ceiling: nil)
            let restored = try Self.applied(held, HPAConvergence(hpa: held, claims: [free], now: later))
            #expect(restored.spec.maxReplicas == 20)
            #expect(restored.spec.behavior?.scaleUp?.selectPolicy?.rawValue == original)
            #expect((restored.metadata.annotations ?? [:]).keys.filter { $0.hasPrefix("costguard.dev/") }.isEmpty)
        }
    }

    @Test func aRecordedPauseHoldsUntilItsHoldDownEndsAfterARestart() throws {
        let hpa = try Self.hpa()
        let paused = try Self.applied(hpa, HPAConvergence(hpa: hpa, claims: [Self.surge("shop")], now: Self.now))
        // A new process: the guard claims the HPA without a pause of its own.
        let free = HPAClaim(guardName: "shop", pause: nil, ceiling: nil)
        let during = HPAConvergence(hpa: paused, claims: [free], now: Self.now.addingTimeInterval(300))
        #expect(during.pausedBy == ["shop"])
        #expect(during.patch == nil)
        let after = HPAConvergence(hpa: paused, claims: [free], now: Self.now.addingTimeInterval(601))
        #expect(after.pausedBy.isEmpty)
        #expect(after.summary == ["scale-up resumed"])
    }

    @Test func theLowestCeilingWinsAndNamesItsGuard() throws {
        let hpa = try Self.hpa(max: 20)
        let convergence = HPAConvergence(hpa: hpa, claims: [Self.ceiling("spend", 9), Self.ceiling("nodes", 5)], now: Self.now)
        #expect(convergence.maxReplicas == 5)
        #expect(convergence.ceilingBy == "nodes")
        let held = try Self.applied(hpa, convergence)
        #expect(held.metadata.annotations?[HPAAnnotations.ceilingBy] == "nodes")
        #expect(held.metadata.annotations?[HPAAnnotations.originalMaxReplicas] == "20")
    }

    @Test func aCeilingAboveTheUsersMaximumChangesNothing() throws {
        let hpa = try Self.hpa(max: 8)
        let convergence = HPAConvergence(hpa: hpa, claims: [Self.ceiling("shop", 12)], now: Self.now)
        #expect(convergence.patch == nil)
        #expect(convergence.ceilingBy == nil)
    }

    @Test func aUserChangeToMaxReplicasWhileHeldBecomesTheValueRestored() throws {
        let hpa = try Self.hpa(max: 20)
        var held = try Self.applied(hpa, HPAConvergence(hpa: hpa, claims: [Self.ceiling("shop", 6)], now: Self.now))
        held.spec.maxReplicas = 30
        let reheld = try Self.applied(held, HPAConvergence(hpa: held, claims: [Self.ceiling("shop", 6)], now: Self.now))
        #expect(reheld.spec.maxReplicas == 6)
        #expect(reheld.metadata.annotations?[HPAAnnotations.originalMaxReplicas] == "30")
        let free = HPAClaim(guardName: "shop", pause: nil, ceiling: nil)
        #expect(try Self.applied(reheld, HPAConvergence(hpa: reheld, claims: [free], now: Self.now)).spec.maxReplicas == 30)
    }

    /// The API rejects maxReplicas under minReplicas: a ceiling below it (someone raised
    /// minReplicas after the evaluation) holds at minReplicas instead.
    @Test func aCeilingNeverGoesUnderMinReplicas() throws {
        for (min, ceiling, expected) in [(Int64(4), 2, 4), (nil, 0, 1), (3, 3, 3), (2, 5, 5)] as [(Int64?, Int, Int)] {
            let hpa = try Self.hpa(min: min, max: 20)
            let convergence = HPAConvergence(hpa: hpa, claims: [Self.ceiling("shop", ceiling)], now: Self.now)
            #expect(convergence.maxReplicas == expected, "minReplicas \(String(describing: min)), ceiling \(ceiling)")
            #expect(try Self.applied(hpa, convergence).spec.maxReplicas == Int32(expected))
        }
    }

    @Test func anHPAWithoutClaimsOrAnnotationsIsLeftAlone() throws {
        let hpa = try Self.hpa(selectPolicy: "Min")
        let convergence = HPAConvergence(hpa: hpa, claims: [], now: Self.now)
        #expect(convergence.patch == nil)
        #expect(convergence.summary.isEmpty)
    }
}
