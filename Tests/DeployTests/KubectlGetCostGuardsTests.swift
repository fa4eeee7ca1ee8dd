import Demo
import Foundation
import GuardCore
import KubeModel
import KubeSim
import ScenarioCatalog
import Testing
import TestSupport

/// `kubectl get costguards` is the at-a-glance view: the CRD's printer columns must read what the
/// operator writes, and `kubectl describe` its Events. The demo runs with the real operator
/// against KubeSim, and a real kubectl reads the table before the flood and during its surge
/// pause.
@Suite struct KubectlGetCostGuardsTests {
    /// The demo's CRD (what KubeSim serves in `costguard demo` and the end-to-end tests) prints
    /// the same columns as the one a cluster gets from crds/.
    @Test func theDemoCRDPrintsTheColumnsOfTheRealOne() throws {
        let crd = try YAMLDocuments.loadOne(Repo.path("crds/costguard.dev_costguards.yaml"))
        let version = try #require(crd.value(atPath: "spec.versions")?.arrayValue?.first { $0["name"] == "v1alpha1" })
        #expect(version["additionalPrinterColumns"] == CostGuardCRD.printerColumns)
    }

    @Test func theTableShowsTheOperatorsStatus() async throws {
        guard let executable = TestEnvironment.findOnPath("kubectl") else {
            TestEnvironment.unavailable("kubectl get costguards", "kubectl is not on PATH", install: KustomizeApplyTests.install)
            return
        }
        let (header, frames) = try ScenarioCatalog.demo.readBack()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.installCalicoNetworkSets()  // as costguard demo does (which also feeds it access logs: DemoDenyListFromLogsTests)
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-get-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let kubectl = KustomizeApplyTests.Kubectl(executable: executable,
                                                          kubeconfig: try cluster.server.writeKubeconfig(to: directory + "/kubeconfig"),
                                                          cacheDirectory: directory + "/cache")

                var index = 1
                var before: [String: String]?
                var during: [String: String]?
                var statusDuring: JSONValue?
                var described: ToolResult?
                while index < frames.count, during == nil {
                    let (_, results) = try await cluster.step(frames[index], operators: [handle])
                    index += 1
                    if before == nil, frames[index - 1].t >= 2.5 * 3600 {
                        before = try await Self.row("demo", of: kubectl.run("get", "costguards"))
                    }
                    // This guard reads the rate alone (HPA metrics), so its surge is held by the graded
                    // response, a ceiling at the organic share, rather than a pause (docs/classifier.md).
                    let plan = results[0].result.plan
                    if plan.pauseReason == .surge || plan.ceilings.contains(where: { $0.cap == .surge }) {
                        // The table as a person would look at it, and the status it should show.
                        during = try await Self.row("demo", of: kubectl.run("get", "cg"))
                        statusDuring = try cluster.guardObject()?["status"]
                        described = try await kubectl.run("describe", "costguard", "demo")
                    }
                }

                let steady = try #require(before)
                #expect(steady["MODE"] == "Enforce")
                #expect(steady["PHASE"] == "Normal")
                #expect(steady["VERDICT"] == "steady")
                #expect(steady["MAX NODES"] == "60")
                #expect(steady["CEILING"] == "", "no ceiling holds before the flood")
                let surge = try #require(during)
                let status = try #require(statusDuring)
                #expect(surge["PHASE"] == "Surge")
                #expect(surge["VERDICT"] == "surge")
                #expect(surge["NODES"] == status["nodes"]?.intValue.map { String($0) })
                #expect(surge["SPEND/H"] == status["hourlySpend"]?.stringValue)
                #expect(surge["SPEND/H"]?.isEmpty == false)
                // The graded response in force, at a glance: the surge's ceiling over the HPA's own maxReplicas.
                let ceiling = try #require(status["ceilings"]?.arrayValue?.first { $0["cap"] == "surge" })
                #expect(surge["CEILING"] == status["ceiling"]?.stringValue)
                #expect(surge["CEILING"]?.hasPrefix("\(ceiling["maxReplicas"]?.intValue ?? -1)/\(ceiling["originalMaxReplicas"]?.intValue ?? -1) surge") == true,
                        "\(surge["CEILING"] ?? "nil") for \(ceiling.jsonString)")
                #expect(surge["AGE"]?.isEmpty == false)
                // Every condition is True where it worked: the pause was written, and the deny list's API exists.
                let conditions = status["conditions"]?.arrayValue ?? []
                let enforcing = conditions.first { $0["type"] == "Enforcing" }
                #expect(enforcing?["status"] == "True", "Enforcing: \(enforcing?.jsonString ?? "missing")")
                #expect(conditions.first { $0["type"] == "Ready" }?["status"] == "True")

                // `kubectl describe` lists the operator's Events about the guard (found by its uid).
                let description = try #require(described)
                #expect(description.status == 0, "kubectl describe: \(description.output)")
                let events = description.stdout.components(separatedBy: "Events:").last ?? ""
                #expect((events.contains("SurgeScaleUpPaused") || events.contains("CeilingSet")) && events.contains("costguard.dev/operator"),
                        "describe showed no pause or ceiling Event:\n\(description.stdout)")
            }
        }
    }

    /// One row of kubectl's table by column name. Columns are cut where the header's names
    /// start (a name such as MAX NODES holds a space, and kubectl pads cells to the header).
    static func row(_ name: String, of result: ToolResult) throws -> [String: String] {
        #expect(result.status == 0, "kubectl get: \(result.output)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "NAME MODE PHASE VERDICT NODES MAX NODES CEILING SPEND/H AGE", "header: \(header)")
        let names = ["NAME", "MODE", "PHASE", "VERDICT", "NODES", "MAX NODES", "CEILING", "SPEND/H", "AGE"]
        let starts = try names.map { column in
            try #require(header.range(of: column + " ") ?? header.range(of: column, options: .backwards)).lowerBound.utf16Offset(in: header)
        }
        let line = try #require(lines.dropFirst().first { $0.hasPrefix(name + " ") }, "no row for \(name): \(result.stdout)")
        let characters = Array(line.utf16)
        var cells: [String: String] = [:]
        for (offset, column) in names.enumerated() {
            let start = min(starts[offset], characters.count)
            let end = offset + 1 < starts.count ? min(starts[offset + 1], characters.count) : characters.count
            cells[column] = String(decoding: characters[start..<end], as: UTF16.self).trimmingCharacters(in: .whitespaces)
        }
        return cells
    }
}
