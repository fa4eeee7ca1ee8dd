import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The operator's HTTP endpoints, a `Service` run by a `ServiceGroup`: `GET /metrics` (the Prometheus
/// exposition of an `OperatorMetrics`), `GET /healthz` and `GET /readyz`. Like controller-runtime, metrics
/// and probes usually listen on two addresses: run one service per address, each with its `routes`
/// (`EndpointsService.services(...)` builds them from the two flags).
///
/// Graceful shutdown comes from the surrounding `ServiceGroup` (Hummingbird stops accepting, lets open
/// requests finish, then `run()` returns). A service runs once.
package final class EndpointsService: Service, Sendable {
    /// Which routes a service serves.
    package struct Routes: OptionSet, Sendable, Hashable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }

        /// `GET /metrics`.
        package static let metrics = Routes(rawValue: 1 << 0)
        /// `GET /healthz` and `GET /readyz`.
        package static let probes = Routes(rawValue: 1 << 1)
        package static let all: Routes = [.metrics, .probes]
    }

    /// Readiness and why not: the `/readyz` answer.
    package typealias Readiness = @Sendable () -> (ready: Bool, reason: String)

    package let address: ListenAddress
    package let routes: Routes
    private let metrics: OperatorMetrics
    private let liveness: @Sendable () -> Bool
    private let readiness: Readiness
    private let logger: Logger
    private let state = Mutex(PortState())

    /// - Parameters:
    ///   - address: where to listen; port 0 picks a free port (see `waitForPort()`).
    ///   - liveness: true while the process's loops are alive (`/healthz` answers 200 "ok", else 500).
    ///   - readiness: `/readyz` answers 200 "ok" when ready, else 503 with the reason as the body.
    package init(address: ListenAddress, routes: Routes = .all, metrics: OperatorMetrics,
                liveness: @escaping @Sendable () -> Bool = { true },
                readiness: @escaping Readiness = { (true, "") },
                logger: Logger) {
        self.address = address
        self.routes = routes
        self.metrics = metrics
        self.liveness = liveness
        self.readiness = readiness
        var logger = logger
        logger[metadataKey: "endpoints"] = .string(routes.summary)
        self.logger = logger
    }

    /// The services for controller-runtime's two flags, already parsed (nil = disabled): one per
    /// address, or one serving both route sets when the two addresses are the same (and not port 0).
    package static func services(metricsAddress: ListenAddress?, probeAddress: ListenAddress?, metrics: OperatorMetrics,
                                liveness: @escaping @Sendable () -> Bool, readiness: @escaping Readiness,
                                logger: Logger) -> [EndpointsService] {
        func make(_ address: ListenAddress, _ routes: Routes) -> EndpointsService {
            EndpointsService(address: address, routes: routes, metrics: metrics, liveness: liveness,
                             readiness: readiness, logger: logger)
        }
        switch (metricsAddress, probeAddress) {
        case (nil, nil): return []
        case (let metricsAddress?, nil): return [make(metricsAddress, .metrics)]
        case (nil, let probeAddress?): return [make(probeAddress, .probes)]
        case (let metricsAddress?, let probeAddress?):
            if metricsAddress == probeAddress, metricsAddress.port != 0 { return [make(metricsAddress, .all)] }
            return [make(metricsAddress, .metrics), make(probeAddress, .probes)]
        }
    }

    // MARK: Running

    package func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { [self] channel in
                bound(port: channel.localAddress?.port ?? address.port)
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            ended(with: EndpointsError(address: address, reason: "the server failed: \(error)", underlying: error))
            throw error
        }
        ended(with: EndpointsError(address: address, reason: "the server has stopped", underlying: nil))
    }

    /// The port the server listens on, once it does (the bound one when `address.port` is 0).
    package var port: Int? { state.withLock { $0.port } }

    /// Waits until the server listens and returns its port; throws if it stopped or failed first.
    package func waitForPort() async throws -> Int {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                let now: Result<Int, any Error>? = state.withLock { state in
                    if let port = state.port { return .success(port) }
                    if let ended = state.ended { return .failure(ended) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    private func bound(port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        logger.info("endpoints listening", metadata: ["host": .string(address.host), "port": .stringConvertible(port)])
        for waiter in waiters { waiter.resume(returning: port) }
    }

    private func ended(with error: EndpointsError) {
        let waiters = state.withLock { state in
            state.port = nil
            state.ended = error
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    // MARK: Routes

    private func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if routes.contains(.metrics) {
            router.get("/metrics") { [metrics] _, _ -> Response in
                Self.response(.ok, contentType: OperatorMetrics.contentType, body: metrics.expositionBytes())
            }
        }
        if routes.contains(.probes) {
            router.get("/healthz") { [liveness] _, _ -> Response in
                liveness() ? Self.text(.ok, "ok") : Self.text(.internalServerError, "not alive")
            }
            router.get("/readyz") { [readiness] _, _ -> Response in
                let answer = readiness()
                return answer.ready ? Self.text(.ok, "ok")
                    : Self.text(.serviceUnavailable, answer.reason.isEmpty ? "not ready" : answer.reason)
            }
        }
        return router
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        response(status, contentType: "text/plain; charset=utf-8", body: Array(body.utf8))
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: [UInt8]) -> Response {
        Response(status: status, headers: [.contentType: contentType],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Why `waitForPort()` has no port to give: the server stopped, or failed to start (e.g. the port was taken).
package struct EndpointsError: Error, CustomStringConvertible {
    package var address: ListenAddress
    package var reason: String
    package var underlying: (any Error)?

    package var description: String { "endpoints on \(address): \(reason)" }
}

extension EndpointsService {
    private struct PortState {
        var port: Int?
        var ended: EndpointsError?
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Int, any Error>] = [:]
    }
}

extension EndpointsService.Routes {
    fileprivate var summary: String {
        switch self {
        case .all: "metrics+probes"
        case .metrics: "metrics"
        case .probes: "probes"
        default: "none"
        }
    }
}
