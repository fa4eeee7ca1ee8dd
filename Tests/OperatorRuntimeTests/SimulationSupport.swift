import CostGuardAPI
import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import ScenarioCatalog

/// The end-to-end tests' scenario: the demo's (a flash crowd at 1 h, a flood at 3 h), in memory.
enum SimulationSupport {
    static func demoScenario(_ edit: (inout ScenarioRecipe) -> Void = { _ in }) throws -> (ScenarioHeader, [SignalFrame]) {
        var recipe = ScenarioCatalog.demo
        edit(&recipe)
        return try recipe.readBack()
    }

    /// `spec` answering every surge with the outright pause (`actions.pauseScaleUp.response: Pause`):
    /// the demo's guard reads the rate alone, whose surges otherwise get the graded ceiling.
    static func pausing(_ spec: JSONValue) -> JSONValue {
        var spec = spec
        var actions = spec["actions"] ?? [:]
        var pause = actions["pauseScaleUp"] ?? [:]
        pause["response"] = "Pause"
        actions["pauseScaleUp"] = pause
        spec["actions"] = actions
        return spec
    }

    /// The flood's recorded onset in the demo scenario.
    static let floodOnset = 3.0 * 3600

    static func selectPolicy(_ hpa: HorizontalPodAutoscaler) -> String? { hpa.spec.behavior?.scaleUp?.selectPolicy?.rawValue }

    static func costGuardAnnotations(_ hpa: HorizontalPodAutoscaler) -> [String: String] {
        (hpa.metadata.annotations ?? [:]).filter { $0.key.hasPrefix("costguard.dev/") && $0.key != "costguard.dev/pods-per-node" }
    }

    static func status(_ cluster: SimulatedCluster, _ name: String? = nil) throws -> CostGuardStatus {
        CostGuardStatus(json: try cluster.guardObject(name)?["status"])
    }

    /// Polls until `condition` holds (the operator acts on watch events in its own time).
    static func eventually(_ what: String, timeout: Duration = OperatorHandle.patience, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw SimulationFailure("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
