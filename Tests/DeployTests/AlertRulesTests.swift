import Foundation
import KubeModel
import Testing
import TestSupport

/// deploy/monitoring/prometheusrule.yaml: Prometheus's own promtool checks its groups
/// (`promtool check rules`) and runs their unit tests (`promtool test rules`,
/// Resources/costguard-alerts.test.yaml: each alert fires when it should and not on a healthy
/// pair), and every alert's runbook is a section of docs/alerts.md. promtool comes with Debian's
/// prometheus package; without it the tests fail under CI and are skipped elsewhere.
@Suite struct AlertRulesTests {
    static let rules = Repo.path("deploy/monitoring/prometheusrule.yaml")
    static let unitTests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/costguard-alerts.test.yaml").path

    static func alerts() throws -> [JSONValue] {
        let rule = try YAMLDocuments.loadOne(Self.rules)
        return (rule.value(atPath: "spec.groups")?.arrayValue ?? []).flatMap { $0["rules"]?.arrayValue ?? [] }
    }

    /// The PrometheusRule's groups as a plain rules file, with the unit tests beside it.
    static func withRuleFiles(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-alerts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rule = try YAMLDocuments.loadOne(Self.rules)
        let groups: JSONValue = ["groups": rule.value(atPath: "spec.groups") ?? []]
        try groups.jsonString.write(toFile: directory + "/costguard-rules.yaml", atomically: true, encoding: .utf8)  // JSON is YAML
        try FileManager.default.copyItem(atPath: Self.unitTests, toPath: directory + "/costguard-alerts.test.yaml")
        try await body(directory)
    }

    static func promtool() -> String? {
        guard let path = TestEnvironment.findOnPath("promtool") else {
            TestEnvironment.unavailable("the alert rule tests", "promtool is not on PATH",
                                        install: "apt-get install -y --no-install-recommends prometheus")
            return nil
        }
        return path
    }

    @Test func promtoolChecksTheRulesAndTheirUnitTestsPass() async throws {
        guard let promtool = Self.promtool() else { return }
        try await Self.withRuleFiles { directory in
            let checked = try await Tool.run(promtool, ["check", "rules", directory + "/costguard-rules.yaml"])
            #expect(checked.status == 0, "promtool check rules: \(checked.output)")
            #expect(checked.output.contains("SUCCESS: \(try Self.alerts().count) rules found"), "\(checked.output)")
            let tested = try await Tool.run(promtool, ["test", "rules", directory + "/costguard-alerts.test.yaml"])
            #expect(tested.status == 0, "promtool test rules: \(tested.output)")
        }
    }

    @Test func everyAlertIsUnitTestedAndHasARunbookSection() throws {
        let alerts = try Self.alerts()
        let names = alerts.compactMap { $0["alert"]?.stringValue }
        #expect(Set(names) == ["CostGuardOperatorDown", "CostGuardNoLeader", "CostGuardBlind", "CostGuardWritesFailing",
                               "CostGuardAPIErrors", "CostGuardSurgeActive", "CostGuardCapReached", "CostGuardBudgetNearlySpent",
                               "CostGuardCacheStale"])
        let tests = try String(contentsOfFile: Self.unitTests, encoding: .utf8)
        let runbooks = try String(contentsOfFile: Repo.path("docs/alerts.md"), encoding: .utf8)
        for alert in alerts {
            let name = alert["alert"]?.stringValue ?? "?"
            #expect(tests.contains("alertname: \(name)\n        exp_alerts:\n          - exp_labels"), "\(name) is never shown firing in the unit tests")
            #expect(alert.value(atPath: "labels.severity") != nil, "\(name) has no severity")
            let runbook = alert.value(atPath: "annotations.runbook")?.stringValue ?? ""
            #expect(runbook == "docs/alerts.md#\(name.lowercased())", "\(name): runbook \(runbook)")
            #expect(runbooks.contains("\n## \(name)\n"), "docs/alerts.md has no section for \(name)")
        }
    }
}
