import AsyncHTTPClient
import Foundation
import KubeModel
import Logging
import NIOCore
import NIOSSL
import NIOHTTP1

/// A client for the Kubernetes API over AsyncHTTPClient. Verbs live in extensions,
/// one file per concern; this file holds the transport and its retries.
package final class Client: Sendable {
    package let configuration: ClientConfiguration
    let http: HTTPClient
    let authenticator: Authenticator
    let logger: Logger
    let clock: any Clock<Duration>
    let retryPolicy: RetryPolicy
    let backoff: Backoff
    let random: @Sendable () -> Double
    /// How long to wait for a response head; bodies (and so watches) are not cut by it.
    let headTimeout: Duration
    /// The largest non-streaming body read into memory.
    let maxBodyBytes = 512 * 1024 * 1024

    package init(configuration: ClientConfiguration, logger: Logger = Logger(label: "kube-client"),
                clock: any Clock<Duration> = ContinuousClock(), retryPolicy: RetryPolicy = RetryPolicy(),
                backoff: Backoff = Backoff(), headTimeout: Duration = .seconds(30),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.configuration = configuration
        self.http = try HTTPClientFactory.make(configuration)
        self.authenticator = Authenticator(credentials: configuration.credentials, now: now, logger: logger)
        self.logger = logger
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.backoff = backoff
        self.random = random
        self.headTimeout = headTimeout
    }

    /// Requests name this base (the server, or `tls-server-name` routed to it).
    var requestBase: String { configuration.requestRoute.base }

    static func isTLSFailure(_ error: any Error) -> Bool {
        var current: (any Error)? = error
        while let candidate = current {
            if candidate is NIOSSLError || candidate is NIOSSLExtraError || candidate is BoringSSLError { return true }
            current = (candidate as? KubeError)?.cause
        }
        return false
    }

    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends a request and reads the whole answer, retrying as the policy says.
    /// Any non-2xx answer becomes a `KubeError` carrying the server's `Status`.
    package func send(_ request: APIRequest) async throws -> APIResponse {
        var attempt = 1
        var reauthenticated = false
        while true {
            let outcome: RetryPolicy.Outcome
            let failure: KubeError
            do {
                let response = try await sendOnce(request)
                if (200..<300).contains(response.status) { return response }
                if response.status == 401, !reauthenticated, canRefreshCredentials {
                    // The token may have rotated or expired under us: fetch it again, once.
                    reauthenticated = true
                    authenticator.invalidate()
                    continue
                }
                failure = Self.apiError(status: response.status, body: response.body, request: request)
                outcome = .answered(status: response.status, retryAfterSeconds: response.header("Retry-After").flatMap { Int($0) })
            } catch let error as KubeError where error.code != .transport {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                // A refused certificate does not heal by retrying: say so at once.
                if Self.isTLSFailure(error) {
                    throw KubeError(code: .transport,
                                    message: "TLS with \(configuration.server) failed: the server's certificate was not verified "
                                        + "or the client certificate was refused (check certificate-authority, tls-server-name "
                                        + "and client-certificate); not retried", cause: error)
                }
                failure = error as? KubeError
                    ?? KubeError(code: .transport, message: "\(request.method.rawValue) \(request.path) failed", cause: error)
                outcome = .unanswered
                // No answer within the deadline is rare and slow (a whole headTimeout): say so at
                // the default level, where a throttled or failed attempt stays at debug.
                if Self.isDeadline(error) {
                    logger.warning("the API server did not answer in time", metadata: [
                        "request": "\(request.method.rawValue) \(request.path)", "timeout": "\(headTimeout)", "attempt": "\(attempt + 1)"])
                }
            }
            switch retryPolicy.decide(outcome, attempt: attempt, idempotent: request.isIdempotent) {
            case .stop:
                throw failure
            case .retry(let wait):
                logger.debug("retrying", metadata: ["path": "\(request.path)", "after": "\(wait)", "error": "\(failure)"])
                try await clock.sleep(for: wait)
            case .retryWithBackoff(let attempt):
                let wait = backoff.delay(attempt: attempt, unit: random())
                logger.debug("retrying", metadata: ["path": "\(request.path)", "after": "\(wait)", "error": "\(failure)"])
                try await clock.sleep(for: wait)
            }
            attempt += 1
        }
    }

    /// No answer within the request's deadline, as AsyncHTTPClient reports it (maybe wrapped).
    static func isDeadline(_ error: any Error) -> Bool {
        if (error as? HTTPClientError) == .deadlineExceeded { return true }
        if let error = error as? KubeError, let cause = error.cause { return isDeadline(cause) }
        return false
    }

    var canRefreshCredentials: Bool {
        switch configuration.credentials {
        case .tokenFile, .exec: return true
        case .none, .token: return false
        }
    }

    func sendOnce(_ request: APIRequest) async throws -> APIResponse {
        let response = try await execute(request, accept: "application/json")
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxBodyBytes)
        } catch {
            throw KubeError(code: .transport, message: "reading the answer to \(request.path) failed", cause: error)
        }
        return APIResponse(status: Int(response.status.code),
                           headers: response.headers.map { ($0.name, $0.value) },
                           body: Array(buffer: body))
    }

    /// Starts a request and returns once the head is in; the body may still be streaming.
    func execute(_ request: APIRequest, accept: String) async throws -> HTTPClientResponse {
        var httpRequest = HTTPClientRequest(url: requestBase + request.target)
        httpRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        httpRequest.headers.add(name: "Accept", value: accept)
        httpRequest.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let authorization = try await authenticator.authorization() {
            httpRequest.headers.add(name: "Authorization", value: authorization)
        }
        if let body = request.body {
            httpRequest.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.nanoseconds(Int64(headTimeout.components.seconds) * 1_000_000_000
            + headTimeout.components.attoseconds / 1_000_000_000)
        do {
            return try await http.execute(httpRequest, timeout: timeout, logger: logger)
        } catch {
            throw KubeError(code: .transport, message: "\(request.method.rawValue) \(request.path) failed", cause: error)
        }
    }

    /// The error for a non-2xx answer, with the server's Status when the body is one.
    static func apiError(status: Int, body: [UInt8], request: APIRequest) -> KubeError {
        let decoded: Status?
        do {
            let candidate = try JSONValue(parsing: body)
            decoded = candidate["kind"]?.stringValue == "Status" ? try candidate.decode(as: Status.self) : nil
        } catch {
            decoded = nil
        }
        let message = decoded?.message ?? "\(request.method.rawValue) \(request.path) answered \(status)"
        return KubeError(code: .api, message: message, httpStatus: status, status: decoded)
    }
}
