import Foundation
import Signals
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A Prometheus started here, on a free loopback port, over a TSDB filled by promtool: for tests
/// and benchmarks against a real server. It is watched by a small shell that stops it when the
/// process that started it is gone, so a crashed test run leaves no server behind.
package final class LocalPrometheus: Sendable {
    package struct Binaries: Sendable {
        package var prometheus: String
        package var promtool: String
    }

    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
        package init(description: String) { self.description = description }
    }

    package let url: String
    package let dataDirectory: String
    private let process: Mutex<Process?>

    /// prometheus and promtool on PATH (or /usr/bin), or nil when either is missing.
    package static func locate() -> Binaries? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        func find(_ name: String) -> String? {
            for directory in path.split(separator: ":") + ["/usr/bin"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            return nil
        }
        guard let prometheus = find("prometheus"), let promtool = find("promtool") else { return nil }
        return Binaries(prometheus: prometheus, promtool: promtool)
    }

    /// `promtool tsdb create-blocks-from openmetrics FILE DIR` for each file, in order.
    package static func backfill(_ files: [String], into directory: String, binaries: Binaries) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            let (status, output) = try run(binaries.promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, directory])
            guard status == 0 else {
                throw Failure(description: "promtool failed on \(file) (exit \(status)): \(output.suffix(600))")
            }
        }
    }

    /// Runs blocking work (promtool, writing data files) on a thread of its own: on the Swift
    /// concurrency pool, which has one thread per core, it would stall every other task meanwhile.
    /// Not on Dispatch's global queue either: on Linux its threads are that pool's.
    package static func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Starts Prometheus on `dataDirectory` and waits until it answers queries.
    package static func start(dataDirectory: String, binaries: Binaries, readyTimeout: Double = 90) async throws -> LocalPrometheus {
        let port = try freeLoopbackPort()
        let config = (dataDirectory as NSString).appendingPathComponent("prometheus.yml")
        try "global:\n  scrape_interval: 1m\nscrape_configs: []\n".write(toFile: config, atomically: true, encoding: .utf8)
        let log = (dataDirectory as NSString).appendingPathComponent("prometheus.log")
        let arguments = [
            "--storage.tsdb.path=\(dataDirectory)", "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:\(port)", "--config.file=\(config)",
        ]
        // The shell starts Prometheus, then polls: when our process is gone, or it is told to stop, it stops Prometheus.
        let watch = """
        "$0" "$@" >"\(log)" 2>&1 & child=$!
        trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM
        while kill -0 \(getpid()) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
        kill $child 2>/dev/null; wait $child
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", watch, binaries.prometheus] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = LocalPrometheus(url: "http://127.0.0.1:\(port)", dataDirectory: dataDirectory, process: process)
        do {
            try await server.waitUntilReady(timeout: readyTimeout, log: log)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private init(url: String, dataDirectory: String, process: sending Process) {
        self.url = url
        self.dataDirectory = dataDirectory
        self.process = Mutex(process)
    }

    /// Stops the server and waits for it; safe to call twice.
    package func stop() {
        process.withLock { current in
            guard let running = current else { return }
            running.terminate()
            running.waitUntilExit()
            current = nil
        }
    }

    private func waitUntilReady(timeout: Double, log: String) async throws {
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: url, timeoutSeconds: 2))
        do {
            try await poll(client, timeout: timeout, log: log)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func poll(_ client: PrometheusClient, timeout: Double, log: String) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var last = "no answer yet"
        while ContinuousClock.now < deadline {
            if process.withLock({ $0?.isRunning }) != true {
                throw Failure(description: "prometheus exited: \(Self.tail(of: log))")
            }
            do throws(SignalsError) {
                _ = try await client.instant("1")
                return
            } catch {
                last = error.description
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(description: "prometheus at \(url) not ready after \(Int(timeout)) s: \(last); log: \(Self.tail(of: log))")
    }

    /// The end of the server's log, for an error message.
    static func tail(of log: String) -> String {
        do {
            return String(try String(contentsOfFile: log, encoding: .utf8).suffix(800))
        } catch {
            return "(log \(log) unreadable: \(error))"
        }
    }

    /// Runs a tool to the end; its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A port the kernel hands out for 127.0.0.1, released for the server to take.
    static func freeLoopbackPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname() failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
