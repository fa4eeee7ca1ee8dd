import Demo
import Foundation
import KubeModel
import KubeSim
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The fault suite's cluster: KubeSim over HTTP with the CostGuard CRD, one Enforce guard with a
/// node cap that the cluster is already past (so the guard holds a replica ceiling from its
/// first evaluation, no warm-up needed), guarded HPAs and nodes; and `costguard run` processes
/// against it, so a kill is a real SIGKILL of a real process.
struct FaultCluster {
    static let guardName = "faults"
    static let namespace = "shop"
    static let originalMaxReplicas: Int64 = 40

    let server: APIServer
    let directory: String
    var cluster: ClusterState { server.cluster }
    let guardType: ResourceType
    let hpaType: ResourceType
    let nodeType: ResourceType
    let leaseType: ResourceType

    /// Runs `body` with the cluster set up: `hpas` HPAs labelled for the guard, 5 nodes, the guard.
    static func with(hpas: [String] = ["web"], _ body: @Sendable (FaultCluster) async throws -> Void) async throws {
        try await RunProcessTests.withScratchDirectory("costguard-fault") { directory in
            try await withAPIServer { server in
                let cluster = server.cluster
                let crdType = try #require(cluster.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
                try cluster.create(crdType, namespace: nil, body: CostGuardCRD.object)
                let fixture = FaultCluster(
                    server: server, directory: directory,
                    guardType: try #require(cluster.resourceType(group: "costguard.dev", version: "v1alpha1", plural: "costguards")),
                    hpaType: try #require(cluster.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers")),
                    nodeType: try #require(cluster.resourceType(group: "", version: "v1", plural: "nodes")),
                    leaseType: try #require(cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases")))
                try fixture.install(hpas: hpas)
                try await body(fixture)
            }
        }
    }

    func install(hpas: [String]) throws {
        let namespaceType = cluster.resourceType(group: "", version: "v1", plural: "namespaces")!
        try cluster.create(namespaceType, namespace: nil, body: ["metadata": ["name": .string(Self.namespace)]])
        for index in 1...5 {
            try cluster.create(nodeType, namespace: nil, body: [
                "metadata": ["name": .string("node-\(index)"), "labels": [Node.instanceTypeLabel: "m5.large"]],
                "status": ["conditions": [["type": "Ready", "status": "True"]]],
            ])
        }
        for name in hpas {
            try cluster.create(hpaType, namespace: Self.namespace, body: [
                "metadata": ["name": .string(name), "labels": ["costguard.dev/guard": .string(Self.guardName), "team": "web"],
                             "annotations": ["costguard.dev/pods-per-node": "10", "owner": "sre"]],
                "spec": [
                    "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)],
                    "minReplicas": 2, "maxReplicas": .int(Self.originalMaxReplicas),
                    "metrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"],
                                                            "target": ["type": "AverageValue", "averageValue": "28"]]]],
                ],
            ])
            _ = try cluster.patch(hpaType, namespace: Self.namespace, name: name, subresource: "status", patchType: .merge, patch: [
                "status": ["currentReplicas": 15, "desiredReplicas": 15,
                           "currentMetrics": [["type": "Pods", "pods": ["metric": ["name": "requests_per_second"],
                                                                           "current": ["averageValue": "20"]]]]],
            ])
        }
        try cluster.create(guardType, namespace: nil, body: [
            "apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard",
            "metadata": ["name": .string(Self.guardName)],
            "spec": [
                "mode": "Enforce",
                "targets": ["hpaSelector": ["matchLabels": ["costguard.dev/guard": .string(Self.guardName)]]],
                "caps": ["maxNodes": 2],
                "pricing": ["defaultNodeHourly": "0.10"],
                "signals": ["interval": "1s"],
                "detection": ["holdDown": "1m"],
            ],
        ])
    }

    // MARK: Reading the state

    func hpa(_ name: String = "web") throws -> JSONValue {
        try #require(try cluster.object(hpaType, namespace: Self.namespace, name: name))
    }

    func maxReplicas(_ name: String = "web") throws -> Int64? { try hpa(name).value(atPath: "spec.maxReplicas")?.intValue }

    func annotation(_ key: String, _ name: String = "web") throws -> String? {
        try hpa(name).value(atPath: "metadata.annotations")?.objectValue?[key]?.stringValue
    }

    func holder() throws -> String? {
        try cluster.object(leaseType, namespace: "default", name: "costguard-operator")?.value(atPath: "spec.holderIdentity")?.stringValue
    }

    func guardObject() throws -> JSONValue? { try cluster.object(guardType, namespace: nil, name: Self.guardName) }

    /// What a person sees of an HPA: its spec, labels and annotations (not its status or versions).
    func userView(_ name: String = "web") throws -> JSONValue {
        let object = try hpa(name)
        return ["spec": object.value(atPath: "spec") ?? .null,
                "labels": object.value(atPath: "metadata.labels") ?? .null,
                "annotations": object.value(atPath: "metadata.annotations") ?? .null]
    }

    /// The guard's ceiling is in force on `name` with `original` recorded as the value to restore.
    func ceilingHolds(_ name: String = "web", original: Int64 = originalMaxReplicas) throws -> Bool {
        guard let max = try maxReplicas(name), max < original else { return false }
        return try annotation("costguard.dev/ceiling-by", name) == Self.guardName
            && annotation("costguard.dev/original-max-replicas", name) == String(original)
            && annotation("costguard.dev/max-replicas", name) == String(max)
    }

    func writes(_ resource: String, name: String? = nil) -> Int {
        cluster.requests.filter { !["get", "list", "watch"].contains($0.verb) && $0.resource == resource && (name == nil || $0.name == name) }.count
    }

    // MARK: Operator processes

    /// `costguard run` as its own process; `identity` names it in the Lease and its log file.
    func startOperator(_ identity: String, leaderElect: Bool = false) throws -> OperatorProcess {
        let arguments = ["--log-format", "json"]
            + (leaderElect ? ["--leader-elect", "--leader-election-namespace", "default"] : ["--leader-elect=false"])
            + (ProcessInfo.processInfo.environment["FAULT_DEBUG"] != nil ? ["--log-level", "debug"] : [])
        let (process, log, logPath) = try RunProcessTests.startOperator(arguments, server: server, directory: directory,
                                                                         identity: identity)
        return OperatorProcess(process: process, log: log, logPath: logPath)
    }

    /// Waits for `condition`, returning how long it took; fails naming `what` after `timeout`.
    @discardableResult
    func eventually(_ what: String, timeout: Duration = .seconds(60), logs: [OperatorProcess] = [],
                    _ condition: () throws -> Bool) async throws -> Duration {
        let start = ContinuousClock.now
        while try !condition() {
            guard ContinuousClock.now - start < timeout else {
                let tails = logs.map { process -> String in "--- \(process.logPath)\n" + String(process.text.suffix(4000)) }
                Issue.record("timed out waiting for \(what)\n\(tails.joined(separator: "\n"))")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return ContinuousClock.now - start
    }
}

/// One `costguard run` child process.
final class OperatorProcess {
    let process: Process
    let logPath: String
    private let log: FileHandle

    init(process: Process, log: FileHandle, logPath: String) {
        self.process = process
        self.log = log
        self.logPath = logPath
    }

    var text: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { Glibc.kill(process.processIdentifier, signal) }

    /// SIGKILL, and wait until it is gone: nothing of it runs after this returns.
    func killHard() async throws {
        signal(SIGKILL)
        try await waitForExit(timeout: .seconds(10))
    }

    /// SIGTERM (SIGKILL if it lingers), for the end of a test.
    func stop() async throws {
        if process.isRunning {
            signal(SIGCONT)
            signal(SIGTERM)
            try await waitForExit(timeout: .seconds(20))
            if process.isRunning { signal(SIGKILL) }
        }
        try log.close()
    }

    private func waitForExit(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}

/// One `costguard ingest serve` child process on a free loopback port.
final class ReceiverProcess {
    let process: Process
    let logPath: String

    private init(process: Process, logPath: String) {
        self.process = process
        self.logPath = logPath
    }

    static func start(directory: String) throws -> ReceiverProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RunProcessTests.executable)
        process.arguments = ["ingest", "serve", "--format", "traefik", "--listen", "127.0.0.1:0", "--interval", "1s"]
        let logPath = directory + "/receiver.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return ReceiverProcess(process: process, logPath: logPath)
    }

    /// Its base URL, once it says where it listens.
    func url() async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("costguard ingest serve listening on ") }) {
                return "http://" + line.dropFirst("costguard ingest serve listening on ".count)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SimulationFailure("the receiver did not start listening: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
    }

    func killHard() async throws {
        Glibc.kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
