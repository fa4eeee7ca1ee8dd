import CommandSupport
import ArgumentParser
import Demo
import Foundation
import KubeClient
import KubeSim
import Logging
import OperatorRuntime
import ScenarioIO
import Synchronization

/// `costguard-bench operator`: the operator's own cost at scale. KubeSim runs in a child process
/// (so the operator's memory is measured alone) with the nodes, HPAs and guards asked for; the
/// operator syncs its caches, then evaluates every guard each interval on a stepped clock.
struct BenchOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Measures the operator at scale against KubeSim: memory, CPU per interval, reconcile time, API requests.",
        discussion: "Build with -c release for the figures in the README.")

    @Option(help: "Nodes in the simulated cluster.") var nodes = 5000
    @Option(help: "HPAs, spread over the guards.") var hpas = 2000
    @Option(help: "CostGuards (each selects hpas/guards HPAs and counts every node).") var guards = 20
    @Option(help: "Evaluation intervals to measure, after two to settle.") var intervals = 40
    @Option(help: "Nodes whose status changes each interval, as kubelets report (0: a still cluster).") var nodeUpdates = 0
    @Flag(help: "List with pages of 500 (limit/continue) at the start, instead of a streaming list.") var paginated = false
    @Flag(inversion: .prefixedNo, exclusivity: .chooseLast, help: .hidden) var serve = false

    func run() async throws {
        if serve { return try await serveCluster() }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["operator", "--serve", "--nodes", "\(nodes)", "--hpas", "\(hpas)", "--guards", "\(guards)"]
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        let lines = LineReaderPipe(output.fileHandleForReading)
        guard let url = lines.next(), url.hasPrefix("http") else { throw CommandFailure("KubeSim did not start") }
        print("KubeSim (child process) at \(url): \(nodes) nodes, \(hpas) HPAs, \(guards) CostGuards")

        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let rssBefore = Self.residentMiB()
        let client = try Client(configuration: ClientConfiguration(server: url), logger: logger)
        let clock = SteppedClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        // Each report, handed over as the operator goes idle: waiting costs this process nothing, so the
        // CPU measured is the operator's (a 200 µs polling loop was about a fifth of the samples).
        let (reports, reportSink) = AsyncStream.makeStream(of: CycleReport.self)
        let watch = WatcherConfiguration(initialList: paginated ? .paginated : .streamingWithFallback)
        let controller = GuardController(client: client, configuration: ControllerConfiguration(identity: "bench", watch: watch), clock: clock,
                                         observer: ControllerObserver(onCycle: { reportSink.yield($0) }), logger: logger)
        let task = Task { try await controller.run() }
        let syncStart = ContinuousClock.now
        await controller.cache.waitUntilSynced()
        let synced = ContinuousClock.now - syncStart

        var reportsInOrder = reports.makeAsyncIterator()
        // What the operator wrote meanwhile, including reconciles between intervals.
        var writes = 0
        func interval(at time: Date) async throws -> CycleReport {
            clock.advance(to: time)
            while let report = await reportsInOrder.next() {
                writes += report.hpaWrites.count + report.statusWrites + report.events
                if report.evaluated.contains(where: { $0.at >= time }) { return report }
            }
            throw CommandFailure("the operator stopped before evaluating at \(time)")
        }
        var time = clock.now()
        for _ in 0..<3 {
            _ = try await interval(at: time)
            time += 15
        }
        writes = 0
        try input.fileHandleForWriting.write(contentsOf: Data("mark\n".utf8))
        _ = lines.next()
        let cpuStart = ProcessUsage.cpuSeconds()
        var durations: [Double] = []
        var intervalWork: [Double] = []
        for _ in 0..<intervals {
            if nodeUpdates > 0 {
                // The child changes the nodes; the interval starts once the operator's cache has them.
                try input.fileHandleForWriting.write(contentsOf: Data("churn \(nodeUpdates)\n".utf8))
                guard let version = lines.next().flatMap({ Int64($0) }) else { throw CommandFailure("KubeSim did not churn") }
                while controller.cache.observedVersion("nodes") < version { try await Task.sleep(for: .microseconds(200)) }
            }
            let report = try await interval(at: time)
            time += 15
            durations += report.evaluated.map { Self.seconds($0.duration) }
            intervalWork.append(Self.seconds(report.duration))
        }
        let cpu = ProcessUsage.cpuSeconds() - cpuStart
        let rss = Self.residentMiB()
        let (anonymous, fileBacked) = (Self.residentMiB("RssAnon"), Self.residentMiB("RssFile"))
        try input.fileHandleForWriting.write(contentsOf: Data("report\n".utf8))
        let requests = lines.next() ?? "?"
        try input.fileHandleForWriting.close()
        controller.stop()
        _ = await task.result
        try await client.shutdown()
        child.waitUntilExit()

        durations.sort()
        intervalWork.sort()
        func percentile(_ values: [Double], _ p: Double) -> Double { values[min(values.count - 1, Int(Double(values.count) * p))] }
        print(String(format: "initial sync of the caches: %.2f s", Self.seconds(synced)))
        print(String(format: "resident memory: %.1f MiB after %d intervals (%.1f MiB before the client started; targets: 48 MiB "
                     + "at 5,000 nodes and 2,000 HPAs, 128 MiB at 65,000 and 10,000)", rss, intervals + 3, rssBefore))
        print(String(format: "  of which the heap and stacks %.1f MiB, the binary's and libraries' pages %.1f MiB", anonymous, fileBacked))
        print(String(format: "CPU: %.1f ms per 15 s interval = %.2f%% of a core (target <= 2%%)",
                     cpu / Double(intervals) * 1000, cpu / (Double(intervals) * 15) * 100))
        print(String(format: "reconcile per guard: p50 %.3f ms, p99 %.3f ms, max %.3f ms (target p99 <= 5 ms; %d evaluations)",
                     percentile(durations, 0.5) * 1000, percentile(durations, 0.99) * 1000, (durations.last ?? 0) * 1000, durations.count))
        print(String(format: "an interval's work (every guard due, then the enforcer over every HPA): p50 %.2f ms, p99 %.2f ms",
                     percentile(intervalWork, 0.5) * 1000, percentile(intervalWork, 0.99) * 1000))
        print("writes the decisions needed in \(intervals) intervals: \(writes); API requests KubeSim saw meanwhile: \(requests)")
    }

    private func serveCluster() async throws {
        let state = ClusterState()
        try ScaleFixture.populate(state, nodes: nodes, hpas: hpas, guards: guards)
        let server = try await APIServer.bind(cluster: state)
        Self.say(server.url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                var churned = 0
                while let line = readLine() {
                    if line == "mark" { state.clearRequests() }
                    if line.hasPrefix("churn "), let count = Int(line.dropFirst(6)) {
                        Self.say("\(try Self.churn(state, count: count, from: &churned, nodes: nodes))")
                    } else if line == "report" {
                        let counts = Dictionary(grouping: state.requests, by: { "\($0.verb) \($0.resource)\($0.subresource.map { "/\($0)" } ?? "")" })
                            .map { "\($0.key): \($0.value.count)" }.sorted()
                        Self.say("\(state.requests.count) (\(counts.isEmpty ? "none" : counts.joined(separator: ", ")))")
                    } else {
                        Self.say("ok")
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// A status update on `count` nodes, round the cluster in turn (a new allocatable, as a kubelet
    /// reports); returns the last resourceVersion written.
    static func churn(_ state: ClusterState, count: Int, from next: inout Int, nodes: Int) throws -> Int64 {
        let nodeType = state.resourceType(group: "", version: "v1", plural: "nodes")!
        var version: Int64 = 0
        for _ in 0..<count {
            let index = next % max(nodes, 1)
            next += 1
            let written = try state.patch(nodeType, namespace: nil, name: "node-\(index)", subresource: "status", patchType: .merge,
                                          patch: ["status": ["allocatable": ["pods": .string("\(100 + next % 10)")]]])
            version = max(version, written.value(atPath: "metadata.resourceVersion")?.stringValue.flatMap { Int64($0) } ?? 0)
        }
        return version
    }

    /// A line to the parent, unbuffered.
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A `/proc/self/status` field (ProcessUsage) in MiB.
    static func residentMiB(_ field: String = "VmRSS") -> Double { Double(ProcessUsage.statusKiB(field)) / 1024 }
}

/// Lines from a pipe, one at a time.
final class LineReaderPipe {
    let handle: FileHandle
    var buffer = Data()
    init(_ handle: FileHandle) { self.handle = handle }
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
