import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import OperatorRuntime
import ServiceLifecycle
import Synchronization

/// One sample line of a Prometheus text exposition: `name{label="value",…} 1.0`.
struct Sample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double
}

/// The samples of an exposition (comment lines skipped). Fails the parse on a malformed line.
func samples(_ exposition: String) throws -> [Sample] {
    try exposition.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            throw MalformedExposition(line: String(line))
        }
        let series = line[..<space]
        guard let brace = series.firstIndex(of: "{") else {
            return Sample(name: String(series), labels: [:], value: value)
        }
        guard series.hasSuffix("}") else { throw MalformedExposition(line: String(line)) }
        var labels: [String: String] = [:]
        let body = series[series.index(after: brace)..<series.index(before: series.endIndex)]
        for pair in body.split(separator: ",") {
            guard let equals = pair.firstIndex(of: "="), pair.hasSuffix("\""),
                  pair[pair.index(after: equals)...].hasPrefix("\"")
            else { throw MalformedExposition(line: String(line)) }
            labels[String(pair[..<equals])] = String(pair[pair.index(equals, offsetBy: 2)..<pair.index(before: pair.endIndex)])
        }
        return Sample(name: String(series[..<brace]), labels: labels, value: value)
    }
}

/// The value of the one sample with exactly these labels, nil if there is none.
func value(_ exposition: String, _ name: String, _ labels: [String: String] = [:]) throws -> Double? {
    let matching = try samples(exposition).filter { $0.name == name && $0.labels == labels }
    return matching.count == 1 ? matching[0].value : nil
}

/// Runs `body` with a client that gives up on a refused connection at once (the shared client retries
/// connecting until the request's deadline).
func withNonRetryingClient<Result: Sendable>(_ body: (HTTPClient) async throws -> Result) async throws -> Result {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try await client.shutdown()
        throw error
    }
}

struct MalformedExposition: Error { var line: String }

struct HTTPAnswer {
    var status: Int
    var contentType: String?
    var body: String
}

/// A GET over real HTTP on loopback.
func get(port: Int, _ path: String, client: HTTPClient = .shared) async throws -> HTTPAnswer {
    let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    let response = try await client.execute(request, timeout: .seconds(20))
    let body = try await response.body.collect(upTo: 4 << 20)
    return HTTPAnswer(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                      body: String(buffer: body))
}

/// A logger for the services under test that only speaks up on errors.
let quietLogger: Logger = {
    var logger = Logger(label: "endpoints-test") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .error
    return logger
}()

/// Runs `services` in a ServiceGroup, waits until each listens, runs `body` with their ports, then shuts
/// the group down gracefully and waits (bounded) until it has ended.
func withEndpoints<Result: Sendable>(
    _ services: [EndpointsService], _ body: @Sendable ([Int]) async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(services: services.map { $0 as any Service }, logger: quietLogger)
    let running = Task { try await group.run() }
    let result: Result
    do {
        var ports: [Int] = []
        for service in services { ports.append(try await within(.seconds(20)) { try await service.waitForPort() }) }
        result = try await body(ports)
    } catch {
        await group.triggerGracefulShutdown()
        _ = await running.result
        throw error
    }
    await group.triggerGracefulShutdown()
    try await within(.seconds(20)) { try await running.value }
    return result
}

/// Runs `body`, failing with `TimedOutWaiting` if it takes longer than `limit`.
func within<Result: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { tasks in
        tasks.addTask { try await body() }
        tasks.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { tasks.cancelAll() }
        guard let first = try await tasks.next(), let result = first else { throw TimedOutWaiting() }
        return result
    }
}

struct TimedOutWaiting: Error {}

/// Lines written to a `LogSink`, for the handler tests.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: LogSink { LogSink { [self] line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}
