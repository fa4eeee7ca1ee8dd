import GuardCore
import KubeModel
import CostGuardAPI
import Foundation
import YAMLInput

/// The simulated cluster of a replay without a scenario file (a backtest from Prometheus history):
/// the `cluster` and `workload` objects of a scenario header.
package struct ClusterModel: Sendable, Hashable {
    package var cluster: ClusterParameters
    package var workload: WorkloadParameters

    package init(cluster: ClusterParameters, workload: WorkloadParameters) {
        self.cluster = cluster
        self.workload = workload
    }
}

extension ScenarioHeader {
    /// Reads a JSON or YAML file holding `cluster` and `workload` as a scenario header has them,
    /// with the header's own field rules (the same reader, so the two cannot drift).
    package static func readClusterModel(path: String) throws(ScenarioError) -> ClusterModel {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ScenarioError(code: .io, line: 0, problem: error.message)  // the caller names the file
        }
        return try readClusterModel(text: text)
    }

    package static func readClusterModel(text: String) throws(ScenarioError) -> ClusterModel {
        let value: JSONValue
        do {
            value = try JSONValue.parse(yamlOrJSON: text)
        } catch {
            throw ScenarioError(code: .header, line: 0, problem: "is not a JSON or YAML object: \(error.message)")
        }
        let problems = FieldReader.ProblemList()
        let root = FieldReader(value, path: "cluster file", problems: problems)
        if !root.has("cluster") { root.fail("cluster", "is missing; give the simulated cluster as in a scenario header") }
        if !root.has("workload") { root.fail("workload", "is missing; give the guarded workload as in a scenario header") }
        let cluster = readCluster(root.object("cluster"))
        let workload = readWorkload(root.object("workload"))
        root.rejectUnknown()
        guard problems.errors.isEmpty, let cluster, let workload else {
            let message = problems.errors.map(\.description).joined(separator: "; ")
            throw ScenarioError(code: .header, line: 0, problem: message.isEmpty ? "is incomplete" : message)
        }
        return ClusterModel(cluster: cluster, workload: workload)
    }
}
