import AccessLogs
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Foundation
import Synchronization

/// `costguard ingest serve`'s HTTP server, a `Service` for a `ServiceGroup` (docs/access-logs.md,
/// "The live service"): shipper records at `POST /` and `POST /ingest`, OTLP/HTTP logs at
/// `POST /v1/logs`, the held intervals at `GET /v1/intervals`, and `/metrics`, `/healthz`, `/readyz`.
package final class ReceiverService: Service, Sendable {
    package let host: String
    package let requestedPort: Int
    package let options: ReceiverOptions
    package let state: ReceiverState
    package let metrics: ReceiverMetrics
    private let gate: InFlightGate
    private let logger: Logger
    private let bound = Mutex<BoundPort>(BoundPort())

    package init(host: String, port: Int, options: ReceiverOptions, logger: Logger,
                 clock: @escaping @Sendable () -> Double = { Date.now.timeIntervalSince1970 }) {
        self.host = host
        requestedPort = port
        self.options = options
        state = ReceiverState(options: options, clock: clock)
        metrics = ReceiverMetrics(format: options.ingest.format)
        gate = InFlightGate(limit: options.maxInFlight)
        self.logger = logger
    }

    package func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: requestedPort), serverName: "costguard-ingest"),
            onServerRunning: { [self] channel in listening(on: channel.localAddress?.port ?? requestedPort) },
            logger: logger
        )
        defer { listening(on: nil) }
        try await application.run()
    }

    /// Waits until the server listens and returns its port (the bound one for port 0).
    package func waitForPort() async throws -> Int {
        while true {
            if let port = bound.withLock({ $0.port }) { return port }
            if bound.withLock({ $0.stopped }) { throw ReceiverStopped() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The port it listens on, once it does.
    package var port: Int? { bound.withLock { $0.port } }

    private func listening(on port: Int?) {
        bound.withLock { state in
            state.port = port
            if port == nil { state.stopped = true }
        }
        if let port { logger.info("ingest receiver listening", metadata: ["host": .string(host), "port": .stringConvertible(port)]) }
    }

    // MARK: Routes

    private func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        for path in ["/", "/ingest"] {
            router.post(RouterPath(path)) { [self] request, _ in
                await answer(path) { try await records(request) }
            }
        }
        router.post("/v1/logs") { [self] request, _ in
            await answer("/v1/logs") { try await otlp(request) }
        }
        router.get("/v1/intervals") { [self] request, _ in
            await answer("/v1/intervals") { try await intervals(request) }
        }
        router.get("/metrics") { [self] _, _ in
            let (held, entries) = (await state.intervalsHeld, await state.entriesHeld)
            metrics.held(intervals: held, entries: entries)
            return Self.response(.ok, contentType: ReceiverMetrics.contentType, body: metrics.expositionBytes())
        }
        router.get("/healthz") { _, _ in Self.text(.ok, "ok") }
        router.get("/readyz") { [self] _, _ in
            bound.withLock { $0.port } != nil ? Self.text(.ok, "ok") : Self.text(.serviceUnavailable, "not listening yet")
        }
        return router
    }

    /// Runs a route, answering a `Refusal` with its status and message, and counts the answer.
    private func answer(_ route: String, _ work: () async throws -> Response) async -> Response {
        let response: Response
        do {
            response = try await work()
        } catch let refusal as Refusal {
            if let drop = refusal.drop { metrics.dropped(drop) }
            var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
            if let retry = refusal.retryAfter { headers[.retryAfter] = String(retry) }
            response = Response(status: refusal.status, headers: headers,
                                body: ResponseBody(byteBuffer: ByteBuffer(string: refusal.message + "\n")))
        } catch {
            response = Self.text(.internalServerError, "\(error)")
        }
        metrics.request(route, status: response.status.code)
        return response
    }

    private func records(_ request: Request) async throws -> Response {
        let body = try await readBody(request)
        let outcome: BatchOutcome
        do {
            outcome = try await state.ingest(records: body, place: "POST \(request.uri.path)")
        } catch {
            throw Refusal(status: .badRequest, message: error.reason)
        }
        metrics.ingested(outcome, bodyBytes: body.count)
        return Self.text(.ok, "accepted \(outcome.accepted), skipped \(outcome.skippedTotal)")
    }

    private func otlp(_ request: Request) async throws -> Response {
        guard let encoding = OTLPLogsBody.Encoding(contentType: request.headers[.contentType]) else {
            throw Refusal(status: .unsupportedMediaType,
                          message: "POST /v1/logs takes Content-Type application/x-protobuf or application/json (OTLP/HTTP), not \(request.headers[.contentType] ?? "none")")
        }
        let body = try await readBody(request)
        let decoded: ExportLogsRequest
        switch OTLPLogsBody.decode(body, as: encoding) {
        case .success(let value): decoded = value
        case .failure(let problem): throw Refusal(status: .badRequest, message: problem.message)
        }
        let outcome = await state.ingest(otlp: decoded, place: "POST /v1/logs")
        metrics.ingested(outcome, bodyBytes: body.count)
        let reasons = outcome.skipped.keys.sorted().map { "\(outcome.skipped[$0]!) \($0.rawValue)" }.joined(separator: "; ")
        return Self.response(.ok, contentType: encoding.rawValue,
                             body: OTLPLogsBody.response(rejected: outcome.skippedTotal, reason: reasons, as: encoding))
    }

    private func intervals(_ request: Request) async throws -> Response {
        var since = -Double.infinity
        if let text = request.uri.queryParameters["since"] {
            guard let value = Double(String(text)), value.isFinite else {
                throw Refusal(status: .badRequest, message: "since=\(text) is not a number of seconds since 1970 (an interval start)")
            }
            since = value
        }
        let report = await state.report(since: since)
        return Self.response(.ok, contentType: "application/json", body: try report.jsonBytes())
    }

    /// The body, inflated when gzip, refused with 413 past the limit and 503 when too many are in flight.
    private func readBody(_ request: Request) async throws -> [UInt8] {
        let limit = options.maxBodyBytes
        guard gate.enter() else {
            throw Refusal(status: .serviceUnavailable, message: "the receiver is at its limit of \(gate.limit) bodies in flight (--max-in-flight); retry after 1 s",
                          retryAfter: 1, drop: "busy")
        }
        defer { gate.leave() }
        let tooLarge = Refusal(status: .contentTooLarge,
                               message: "the body is larger than the receiver's limit of \(limit) bytes (--max-body); send smaller batches",
                               drop: "too_large")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        let bytes = Array(buffer.readableBytesView)
        guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else { return bytes }
        guard encoding == "gzip" else {
            throw Refusal(status: .unsupportedMediaType, message: "Content-Encoding \(encoding) is not supported; send gzip or none")
        }
        switch GzipBody.inflate(bytes, limit: limit) {
        case .success(let inflated): return inflated
        case .failure(.tooLarge): throw tooLarge
        case .failure(.corrupt(let reason)): throw Refusal(status: .badRequest, message: "the gzip body cannot be read: \(reason)")
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        response(status, contentType: "text/plain; charset=utf-8", body: Array((body + "\n").utf8))
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: [UInt8]) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// An answer other than 200, with a message that says what is wrong.
private struct Refusal: Error {
    var status: HTTPResponse.Status
    var message: String
    var retryAfter: Int?
    /// The drop counter's reason, for a body refused unread.
    var drop: String?
}

private struct BoundPort {
    var port: Int?
    var stopped = false
}

package struct ReceiverStopped: Error, CustomStringConvertible {
    package var description: String { "the ingest receiver stopped before it listened" }
}
