import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import ScenarioCatalog
import Testing

/// A real API server prunes status fields its CRD does not declare, silently: a field the
/// operator writes but crds/ leaves out would be lost (the month's spend, kept for the monthly
/// budget across restarts, among them). The statuses the operator really writes over the demo,
/// in Enforce with a node cap (ceilings, surge pause) and in DryRun, must all pass the CRD's
/// schema with unknown fields rejected.
@Suite struct OperatorStatusSchemaTests {
    @Test func everyStatusTheOperatorWritesFitsTheCRD() async throws {
        let (header, frames) = try ScenarioCatalog.demo.readBack()

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-status-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var files: [String] = []
        var seen: Set<String> = []
        for mode in ["Enforce", "DryRun"] {
            try await SimulatedCluster.with(header: header, guardName: mode.lowercased()) { cluster in
                var spec = cluster.guardSpec()
                spec["mode"] = .string(mode)
                spec["caps"] = ["maxNodes": 10, "maxHourlySpend": "9.00", "monthlyBudget": "2000.00"]
                try cluster.createGuard(spec: spec)
                _ = try cluster.begin(with: frames[0])
                try await cluster.withOperator { handle in
                    for frame in frames.dropFirst() where frame.t < 3.5 * 3600 {
                        _ = try await cluster.step(frame, operators: [handle])
                        // The object as the API holds it, once per distinct status shape.
                        guard var object = try cluster.guardObject(), let status = object["status"] else { continue }
                        let shape = Self.shape(status)
                        guard seen.insert(mode + shape).inserted else { continue }
                        object["metadata"] = ["name": object.value(atPath: "metadata.name") ?? "guard"]
                        let file = "\(directory)/\(mode)-\(files.count).json"
                        try object.jsonString.write(toFile: file, atomically: true, encoding: .utf8)
                        files.append(file)
                    }
                }
            }
        }

        // What the statuses held, so the check covers every part of the status.
        let shapes = seen.joined(separator: "\n")
        for field in ["verdict", "ceilings", "paused", "conditions", "monthToDateSpend", "spendMonth", "dryRun"] {
            #expect(shapes.contains(field), "no status written with \(field): \(shapes)")
        }
        guard let report = try await ManifestValidator.validate(files, test: "the operator's statuses against the CRD") else { return }
        #expect(report.objects.count == files.count)
        for line in report.invalid { Issue.record("pruned or refused: \(ManifestValidator.describe(line))") }
    }

    /// The fields present, by path (values left out), so each combination is checked once.
    static func shape(_ value: JSONValue, _ prefix: String = "") -> String {
        switch value {
        case .object(let members):
            return members.keys.sorted().map { shape(members[$0]!, prefix + "." + $0) }.joined(separator: " ")
        case .array(let elements):
            return elements.first.map { shape($0, prefix + "[]") } ?? prefix + "[]"
        default:
            return prefix
        }
    }
}
