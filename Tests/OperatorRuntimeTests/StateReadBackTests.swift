import CostGuardAPI
import Demo
import Foundation
import KubeModel
import KubeSim
@testable import OperatorRuntime
import Testing

/// State CostGuard reads back from the cluster never silently empties: a status that does not
/// decode whole keeps the fields that do (the month-to-date spend above all), and a deny set
/// whose records are corrupt never turns CostGuard's entries into someone else's. Each is a
/// StateUnreadable condition and a Warning Event.
@Suite struct StateReadBackTests {
    static func month(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    static func events(_ cluster: SimulatedCluster, reason: String) throws -> [JSONValue] {
        let type = try #require(cluster.state.resourceType(group: "events.k8s.io", version: "v1", plural: "events"))
        return cluster.state.objects(type, namespace: "default").filter { $0["reason"]?.stringValue == reason }
    }


    /// A status a newer CostGuard wrote, with a phase this version does not know (the demo's CRD
    /// leaves the schema open, as a newer CRD would allow it): the month's spend is kept, not
    /// restarted at 0, which would lift the monthly budget.
    @Test func aStatusFromAnotherVersionKeepsTheMonthToDateSpend() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.createGuard(spec: cluster.guardSpec(mode: .enforce))
            _ = try cluster.state.patch(cluster.guardType, namespace: nil, name: cluster.guardName, subresource: "status",
                                        patchType: .merge, patch: ["status": [
                                            "phase": "Throttled", "monthToDateSpend": "120.00",
                                            "spendMonth": .string(Self.month(of: cluster.evaluationTime(frames[0].t))),
                                        ]])
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { _ in
                let status = try SimulationSupport.status(cluster)
                let spend = try #require(status.monthToDateSpend.flatMap(Double.init), "\(status)")
                #expect(spend >= 120, "month-to-date spend restarted: \(spend)")
                let condition = status.condition(ConditionType.stateUnreadable)
                #expect(condition?.reason == "UnreadableStatus" && condition?.message.contains("status.phase") == true,
                        "\(String(describing: condition))")
                let events = try Self.events(cluster, reason: "StatusUnreadable")
                #expect(events.count == 1 && events[0]["note"]?.stringValue?.contains("status.phase") == true, "\(events)")
            }
        }
    }

    /// A deny set whose records annotation was mangled: the CIDRs CostGuard had listed are adopted
    /// by the guard until its ttl and then removed, instead of kept forever as someone else's.
    @Test func corruptDenyRecordsNeverDisownCostGuardsEntries() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            try cluster.installCalicoNetworkSets()
            let setType = try #require(cluster.state.resourceType(group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets"))
            try cluster.state.create(setType, namespace: nil, body: [
                "apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkSet",
                "metadata": ["name": "costguard-deny", "labels": ["dos-deny-list": "true", "costguard.dev/changed": "true"],
                             "annotations": ["costguard.dev/deny-entries": #"[{"prefix":"198.51.100.0/24","rps":90,"expi"#,
                                             "costguard.dev/created": "true"]],
                "spec": ["nets": ["198.51.100.0/24", "203.0.113.0/24"]],
            ])
            var spec = cluster.guardSpec(mode: .enforce)
            var actions = spec["actions"] ?? [:]
            actions["denyList"] = ["enabled": true, "provider": "CalicoGlobalNetworkSet", "name": "costguard-deny", "ttl": "1m"]
            spec["actions"] = actions
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                func set() throws -> JSONValue { try #require(try cluster.state.object(setType, namespace: nil, name: "costguard-deny")) }
                func records() throws -> DenyRecord.Reading {
                    DenyRecord.read(try set().value(atPath: "metadata.annotations")?["costguard.dev/deny-entries"]?.stringValue)
                }
                try await SimulationSupport.eventually("the records to be rewritten") { try records().problem == nil }
                let records = try records()
                #expect(records.problem == nil)
                #expect(Set(records.records.map(\.prefix)) == ["198.51.100.0/24", "203.0.113.0/24"])
                #expect(records.records.allSatisfy { $0.guardName == cluster.guardName })
                let status = try SimulationSupport.status(cluster)
                let condition = status.condition(ConditionType.stateUnreadable)
                #expect(condition?.reason == "UnreadableDenyRecords" && condition?.message.contains("203.0.113.0/24") == true,
                        "\(String(describing: condition))")
                #expect(try Self.events(cluster, reason: "DenyRecordsUnreadable").count == 1)

                // Past the guard's ttl of a minute (four 15 s intervals and one more), the adopted entries go.
                for frame in frames.dropFirst().prefix(6) { _ = try await cluster.step(frame, operators: [handle]) }
                let nets = (try set().value(atPath: "spec.nets")?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(nets.isEmpty, "\(nets)")
            }
        }
    }
}
