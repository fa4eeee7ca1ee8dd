import Demo
import Foundation
import KubeModel
import KubeSim
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `costguard` executable as the Deployment runs it (`costguard run --leader-elect`), as its
/// own process against KubeSim over HTTP. It starts as the standby while another replica holds
/// the Lease and writes nothing; when that replica releases the Lease it takes over and acts
/// at once, not at the guard's next interval; and on SIGTERM (what the kubelet sends at a
/// rollout or a drain) it exits 0 promptly with the Lease released, so the next standby takes
/// over at once instead of after the lease time.
@Suite struct RunProcessTests {
    /// `swift test` builds every product; the executable sits beside the test bundle.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("costguard").path

    @Test func sigtermEndsTheOperatorWithTheLeaseReleased() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable),
                     "\(Self.executable) is missing: run the tests with swift test, which builds it")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        try await withAPIServer { server in
            let cluster = server.cluster
            let (guardType, leaseType) = try Self.installGuard(cluster)
            let renewed = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            try cluster.create(leaseType, namespace: "default", body: [
                "metadata": ["name": "costguard-operator"],
                "spec": ["holderIdentity": "replica-old", "leaseDurationSeconds": 3600, "acquireTime": .string(renewed),
                         "renewTime": .string(renewed), "leaseTransitions": 0],
            ])
            func holder() throws -> String? {
                try cluster.object(leaseType, namespace: "default", name: "costguard-operator")?.value(atPath: "spec.holderIdentity")?.stringValue
            }
            func phase() throws -> JSONValue? {
                try cluster.object(guardType, namespace: nil, name: "dryrun-minimal")?.value(atPath: "status.phase")
            }

            let (process, log, logPath) = try Self.startOperator(
                ["--leader-elect", "--leader-election-namespace", "default", "--log-format", "json"], server: server, directory: directory)
            defer { if process.isRunning { process.terminate() } }
            func logText() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

            // The standby: caches synced and the guard evaluated (its finalizer is only a
            // leader's to add, so look for the evaluation in the log), but nothing written.
            try await Self.eventually("the standby to start\n\(logText())") { logText().contains("costguard starting") }
            try await Task.sleep(for: .seconds(3))
            #expect(try holder() == "replica-old")
            #expect(try phase() == nil, "the standby wrote the guard's status")

            // The old leader steps down as a released Lease says: the standby takes over.
            _ = try cluster.patch(leaseType, namespace: "default", name: "costguard-operator", patchType: .merge,
                                  patch: ["spec": ["holderIdentity": "", "leaseDurationSeconds": 1]])
            try await Self.eventually("replica-a to take the Lease\n\(logText())") { try holder() == "replica-a" }
            let tookOver = ContinuousClock.now
            try await Self.eventually("the new leader to write the guard's status\n\(logText())") { try phase() != nil }
            // The guard's interval is 15 s: acting within a few seconds means it did not wait for it.
            #expect(ContinuousClock.now - tookOver < .seconds(5), "status written \(ContinuousClock.now - tookOver) after the takeover")

            let signalled = ContinuousClock.now
            kill(process.processIdentifier, SIGTERM)
            try await Self.eventually("the process to exit after SIGTERM\n\(logText())", timeout: .seconds(20)) { !process.isRunning }
            let exitTime = ContinuousClock.now - signalled
            try log.close()

            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0, "exit status \(process.terminationStatus)\n\(logText())")
            // The renew deadline is 10 s: a prompt exit shows that nothing waited it out.
            #expect(exitTime < .seconds(5), "took \(exitTime) to exit")
            let lease = try #require(try cluster.object(leaseType, namespace: "default", name: "costguard-operator"))
            #expect(lease.value(atPath: "spec.holderIdentity")?.stringValue ?? "" == "", "the Lease was not released: \(lease.jsonString)")
            // JSON logs, one object a line, saying it started.
            let lines = logText().split(separator: "\n")
            #expect(!lines.isEmpty && lines.allSatisfy { (try? JSONValue(parsing: String($0)))?.objectValue != nil },
                    "not JSON lines:\n\(logText())")
            #expect(lines.contains { $0.contains("costguard starting") })
        }
    }

    /// `--leader-elect=false` and `--leader-elect=true`, as controller-runtime operators and their
    /// manifests pass them (ArgumentParser refused a value for a flag, and the operator exited 64):
    /// with false it acts without a Lease, with true it takes the free Lease and acts; a value that
    /// is not a boolean is refused naming the flag.
    @Test(arguments: [("--leader-elect=false", false), ("--leader-elect=true", true), ("--no-leader-elect", false)])
    func booleanFlagsTakeAValue(flag: String, elects: Bool) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable),
                     "\(Self.executable) is missing: run the tests with swift test, which builds it")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-flag-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withAPIServer { server in
            let cluster = server.cluster
            let (guardType, leaseType) = try Self.installGuard(cluster)
            let (process, log, logPath) = try Self.startOperator([flag, "--leader-election-namespace", "default"], server: server,
                                                                 directory: directory)
            defer { if process.isRunning { process.terminate() } }
            func logText() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
            try await Self.eventually("the operator to write the guard's status with \(flag)\n\(logText())") {
                try !process.isRunning || cluster.object(guardType, namespace: nil, name: "dryrun-minimal")?.value(atPath: "status.phase") != nil
            }
            try #require(process.isRunning, "costguard run \(flag) exited with status \(process.terminationStatus): \(logText())")
            let lease = try cluster.object(leaseType, namespace: "default", name: "costguard-operator")
            if elects {
                #expect(lease?.value(atPath: "spec.holderIdentity") == "replica-a", "\(flag): \(lease?.jsonString ?? "no Lease")")
            } else {
                #expect(lease == nil, "\(flag) took a Lease: \(lease?.jsonString ?? "")")
            }
            kill(process.processIdentifier, SIGTERM)
            try await Self.eventually("the process to exit", timeout: .seconds(20)) { !process.isRunning }
            try log.close()
            #expect(process.terminationStatus == 0, "\(flag): exit status \(process.terminationStatus)\n\(logText())")
        }
    }

    @Test func versionPrintsTheReleaseAndRevision() async throws {
        let result = try await Tool.run(Self.executable, ["--version"], timeout: 30)
        #expect(result.status == 0, "costguard --version: exit \(result.status): \(result.output)")
        #expect(result.stdout.hasPrefix("costguard 0."), "\(result.output)")
        #expect(result.stdout.contains("(revision "), "\(result.output)")
    }

    @Test func aFlagValueThatIsNotABooleanIsRefusedNamingTheFlag() async throws {
        let result = try await Tool.run(Self.executable, ["run", "--leader-elect=maybe"], timeout: 30)
        #expect(result.status == 64, "exit status \(result.status): \(result.output)")
        #expect(result.output.contains("invalid value \"maybe\" for --leader-elect"), "\(result.output)")
    }

    /// The CostGuard CRD and crds/examples' DryRun guard in KubeSim: the guard's and the Lease's types.
    static func installGuard(_ cluster: ClusterState) throws -> (guardType: ResourceType, leaseType: ResourceType) {
        let crdType = try #require(cluster.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
        try cluster.create(crdType, namespace: nil, body: CostGuardCRD.object)
        let guardType = try #require(cluster.resourceType(group: "costguard.dev", version: "v1alpha1", plural: "costguards"))
        try cluster.create(guardType, namespace: nil, body: YAMLDocuments.loadOne(Repo.path("crds/examples/dryrun-minimal.yaml")))
        return (guardType, try #require(cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases")))
    }

    /// Runs `body` with a fresh scratch directory (removed afterwards), once the executable is there.
    static func withScratchDirectory<Result>(_ prefix: String, _ body: (String) async throws -> Result) async throws -> Result {
        try #require(FileManager.default.isExecutableFile(atPath: executable),
                     "\(executable) is missing: run the tests with swift test, which builds it")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    /// `costguard run` as its own process against the server, its output in `directory/log`
    /// (`directory/IDENTITY.log` for another identity than replica-a).
    static func startOperator(_ arguments: [String], server: APIServer, directory: String,
                              identity: String = "replica-a") throws -> (Process, FileHandle, String) {
        _ = try server.writeKubeconfig(to: directory + "/kubeconfig")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", "--kubeconfig", directory + "/kubeconfig"] + arguments
            + ["--identity", identity, "--metrics-bind-address", "0", "--health-probe-bind-address", "0"]
        let logPath = directory + (identity == "replica-a" ? "/log" : "/\(identity).log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return (process, log, logPath)
    }

    static func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
