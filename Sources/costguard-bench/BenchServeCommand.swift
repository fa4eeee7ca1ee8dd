import CommandSupport
import AccessLogs
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `costguard-bench serve`: the live receiver's speed over HTTP on loopback, and its peak memory.
struct BenchServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Measures costguard ingest serve's lines/s over HTTP on loopback (build with -c release for real figures).",
        discussion: """
        Writes the ingest benchmark's 2-hour Traefik JSON log (about 1.9 million lines) unless --log \
        names one, starts `costguard ingest serve` (the costguard executable beside this one: \
        swift build -c release first) as a child pinned to one core (taskset -c 0), posts the log as \
        newline-delimited JSON batches over several connections (pin this process to another core: \
        taskset -c 1), then prints lines/s, MB/s and the receiver's peak resident memory.
        """
    )

    @Option(help: "Post this Traefik JSON log instead of generating one.")
    var log: String?

    @Option(help: "Lines per POST.")
    var batch: Int = 1000

    @Option(help: "Requests in flight at once.")
    var connections: Int = 4

    @Option(help: "The loopback port for the receiver.")
    var port: Int = 18090

    @Option(help: "The core the receiver is pinned to (taskset -c).")
    var core: String = "0"

    /// The product's executable, built beside this one: the receiver measured is the one that ships.
    static func operatorExecutable() throws -> String {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("costguard").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CommandFailure("no costguard executable at \(path): build it first (swift build -c release --product costguard)")
        }
        return path
    }

    func run() async throws {
        let receiverExecutable = try Self.operatorExecutable()
        let path = try logPath()
        let bodies = try Self.batches(path: path, lines: max(batch, 1))
        let totalLines = bodies.reduce(0) { $0 + $1.lines }
        let totalBytes = bodies.reduce(0) { $0 + $1.body.readableBytes }
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        receiver.arguments = ["-c", core, receiverExecutable, "ingest", "serve", "--format", "traefik",
                              "--listen", "127.0.0.1:\(port)", "--conversion", "POST /checkout", "--max-in-flight", String(connections + 1)]
        try receiver.run()
        defer { if receiver.isRunning { receiver.terminate() } }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitUntilReady(client, base)
            let progress = PostProgress()
            let started = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<max(connections, 1) {
                    group.addTask {
                        while true {
                            let index = progress.next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard index < bodies.count else { return }
                            while try await Self.post(client, base + "/", bodies[index].body) == 503 {
                                progress.retries.wrappingAdd(1, ordering: .relaxed)
                                try await Task.sleep(for: .milliseconds(20))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let wall = Date().timeIntervalSince(started)
            let metrics = try await Self.text(client, base + "/metrics")
            let added = Self.sample(metrics, "costguard_ingest_lines_total{format=\"traefik\"}")
            let peak = ProcessUsage.statusKiB("VmHWM", of: "\(receiver.processIdentifier)")
            let cpu = Self.cpuSeconds(of: receiver.processIdentifier)
            try await client.shutdown()
            let megabytes = Double(totalBytes) / 1e6
            print("log: \(path), \(totalLines) lines, \(String(format: "%.1f", megabytes)) MB, in \(bodies.count) POSTs of \(batch) lines over \(connections) connections")
            print("receiver (taskset -c \(core)): \(String(format: "%.2f", wall)) s wall, \(String(format: "%.0f", Double(totalLines) / wall)) lines/s, \(String(format: "%.1f", megabytes / wall)) MB/s, peak RSS \(peak / 1024) MiB")
            print("  receiver CPU \(String(format: "%.2f", cpu)) s: \(String(format: "%.0f", Double(totalLines) / cpu)) lines per CPU-second (parsing, sketches, HTTP)")
            print("  lines added to intervals: \(added.map { String(Int($0)) } ?? "unknown"); 503 retries: \(progress.retries.load(ordering: .relaxed))")
        } catch {
            try? await client.shutdown()
            throw error
        }
        receiver.terminate()
        receiver.waitUntilExit()
    }

    private func logPath() throws -> String {
        if let log { return log }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-bench-serve.log").path
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["ingest", "--generate", path]
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw CommandFailure("generating the log failed (status \(child.terminationStatus))") }
        return path
    }

    /// The log cut into bodies of `lines` lines each (the last may be shorter).
    private static func batches(path: String, lines: Int) throws -> [(body: ByteBuffer, lines: Int)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var bodies: [(ByteBuffer, Int)] = []
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0, count = 0, index = 0
            while index < bytes.count {
                if bytes[index] == 0x0A {
                    count += 1
                    if count == lines {
                        bodies.append((ByteBuffer(bytes: bytes[start...index]), count))
                        start = index + 1
                        count = 0
                    }
                }
                index += 1
            }
            if start < bytes.count { bodies.append((ByteBuffer(bytes: bytes[start...]), count + 1)) }
        }
        return bodies
    }

    private static func waitUntilReady(_ client: HTTPClient, _ base: String) async throws {
        for _ in 0..<200 {
            if let answer = try? await client.execute(HTTPClientRequest(url: base + "/readyz"), timeout: .seconds(1)), answer.status == .ok { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("the receiver did not answer /readyz within 10 s")
    }

    private static func post(_ client: HTTPClient, _ url: String, _ body: ByteBuffer) async throws -> UInt {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok || response.status == .serviceUnavailable else {
            throw CommandFailure("the receiver answered \(response.status.code) to a batch")
        }
        return response.status.code
    }

    private static func text(_ client: HTTPClient, _ url: String) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    private static func sample(_ exposition: String, _ series: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// User and system CPU seconds of process `pid` so far (/proc/PID/stat, fields 14 and 15).
    private static func cpuSeconds(of pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Which batch goes next, and how often the receiver said "busy", shared by the posting tasks.
private final class PostProgress: Sendable {
    let next = Atomic(0)
    let retries = Atomic(0)
}
