import GuardCore
import KubeModel
import CostGuardAPI
import Foundation

extension ScenarioHeader {
    /// Reads the header line; every bad field is named.
    package init(jsonLine text: String) throws(ScenarioError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw ScenarioError(code: .header, line: 1, problem: "is not a JSON object: \(error)")
        }
        let problems = FieldReader.ProblemList()
        let root = FieldReader(value, path: "header", problems: problems)
        let version = root.int("scenario", in: 1...1)
        if version == nil && !root.has("scenario") { root.fail("scenario", "is missing; this reader takes version 1") }
        let name = root.string("name") ?? ""
        let interval = root.number("interval", in: 1...86_400)
        if interval == nil && !root.has("interval") { root.fail("interval", "is missing; give the seconds between frames") }
        var start = Date(timeIntervalSince1970: 0)
        if let text = root.string("start") {
            if RFC3339.isWellFormed(text), let date = ISO8601DateFormatter().date(from: text) { start = date } else {
                root.fail("start", "\"\(text)\" is not an RFC 3339 time such as \"2026-03-02T08:00:00Z\"")
            }
        } else {
            root.fail("start", "is missing; give the time of t = 0, such as \"2026-03-02T08:00:00Z\"")
        }
        let cluster = Self.readCluster(root.object("cluster"))
        let workload = Self.readWorkload(root.object("workload"))
        var guardSpec = CostGuardSpec()
        do {
            guardSpec = try CostGuardSpec(json: root.rawValue("guard") ?? .object([:]), path: "header.guard")
        } catch {
            problems.errors.append(contentsOf: error.errors)
        }
        var truth: Truth?
        if root.has("truth") {
            let fields = root.object("truth")
            truth = Truth(class: fields.string("class") ?? "unknown",
                          onset: fields.number("onset", in: 0...1e12), end: fields.number("end", in: 0...1e12))
        }
        root.rejectUnknown()
        guard problems.errors.isEmpty, let interval, let cluster, let workload else {
            let message = problems.errors.map(\.description).joined(separator: "; ")
            throw ScenarioError(code: .header, line: 1, problem: message.isEmpty ? "is incomplete" : message)
        }
        self.init(name: name.isEmpty ? "scenario" : name, interval: interval, start: start,
                  cluster: cluster, workload: workload, guardSpec: guardSpec, truth: truth)
    }

    static func readCluster(_ reader: FieldReader) -> ClusterParameters? {
        func required<T>(_ key: String, _ value: T?) -> T? {
            if value == nil && !reader.has(key) { reader.fail(key, "is missing") }
            return value
        }
        let nodes = required("nodes", reader.int("nodes", in: 0...1_000_000))
        let minNodes = required("minNodes", reader.int("minNodes", in: 0...1_000_000))
        let maxNodes = required("maxNodes", reader.int("maxNodes", in: 1...1_000_000))
        let podsPerNode = required("podsPerNode", reader.int("podsPerNode", in: 1...10_000))
        let price = required("nodeHourlyPrice", reader.number("nodeHourlyPrice", in: 0...1_000_000))
        let provision = required("nodeProvisionSeconds", reader.number("nodeProvisionSeconds", in: 0...86_400))
        let scaleDown = required("nodeScaleDownSeconds", reader.number("nodeScaleDownSeconds", in: 0...864_000))
        reader.rejectUnknown()
        guard let nodes, let minNodes, let maxNodes, let podsPerNode, let price, let provision, let scaleDown else { return nil }
        if minNodes > maxNodes { reader.fail("minNodes", "\(minNodes) is above maxNodes \(maxNodes)") }
        return ClusterParameters(nodes: nodes, minNodes: minNodes, maxNodes: maxNodes, podsPerNode: podsPerNode,
                                 nodeHourlyPrice: price, nodeProvisionSeconds: provision, nodeScaleDownSeconds: scaleDown)
    }

    static func readWorkload(_ reader: FieldReader) -> WorkloadParameters? {
        func required<T>(_ key: String, _ value: T?) -> T? {
            if value == nil && !reader.has(key) { reader.fail(key, "is missing") }
            return value
        }
        let namespace = reader.string("namespace") ?? "default"
        let name = reader.string("name") ?? "workload"
        let minReplicas = required("minReplicas", reader.int("minReplicas", in: 0...1_000_000))
        let maxReplicas = required("maxReplicas", reader.int("maxReplicas", in: 1...1_000_000))
        let rpsPerPod = required("rpsPerPod", reader.number("rpsPerPod", in: 1e-6...1e9))
        let utilization = required("targetUtilization", reader.number("targetUtilization", in: 0.01...1))
        let podStart = reader.number("podStartSeconds", in: 0...86_400) ?? 0
        let stabilization = reader.number("scaleDownStabilizationSeconds", in: 0...86_400) ?? 300
        reader.rejectUnknown()
        guard let minReplicas, let maxReplicas, let rpsPerPod, let utilization else { return nil }
        if minReplicas > maxReplicas { reader.fail("minReplicas", "\(minReplicas) is above maxReplicas \(maxReplicas)") }
        return WorkloadParameters(namespace: namespace, name: name, minReplicas: minReplicas, maxReplicas: maxReplicas,
                                  rpsPerPod: rpsPerPod, targetUtilization: utilization, podStartSeconds: podStart,
                                  scaleDownStabilizationSeconds: stabilization)
    }
}
