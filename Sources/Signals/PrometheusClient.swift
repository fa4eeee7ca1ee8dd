import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`).
/// TLS verification is always on; a custom CA replaces the system roots when given.
/// Call `shutdown()` once when done.
package final class PrometheusClient: Sendable {
    package let endpoint: PrometheusEndpoint
    private let base: String
    private let http: HTTPClient
    private let credential: CredentialFile?
    private let username: String?
    private let logger: Logger
    /// Bodies larger than this are refused (a month of 11,000-point chunks stays far below it).
    private let maxBodyBytes = 512 << 20

    package init(endpoint: PrometheusEndpoint, logger: Logger = Logger(label: "costguard.signals")) throws(SignalsError) {
        guard let url = URL(string: endpoint.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw SignalsError(.configuration, "\(endpoint.url) is not an http(s) URL")
        }
        self.endpoint = endpoint
        base = endpoint.url.hasSuffix("/") ? String(endpoint.url.dropLast()) : endpoint.url
        self.logger = logger
        switch endpoint.authorization {
        case .none: credential = nil; username = nil
        case .bearerTokenFile(let path): credential = CredentialFile(path: path); username = nil
        case .basic(let user, let path): credential = CredentialFile(path: path); username = user
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caFile = endpoint.caFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw SignalsError(.credentials, "cannot read CA bundle \(caFile)", cause: DecodeFailure(error))
            }
        }
        let connect = TimeAmount.milliseconds(Int64(min(endpoint.timeoutSeconds, 10) * 1000))
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connect)
        // A refused or failed connection is an answer: fail the query at once (the next interval
        // tries again) instead of retrying until the deadline, which would hold the whole
        // evaluation, and the caps enforced with it, for the full timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // gzip saves bandwidth to a remote server but costs both ends CPU; on loopback it only costs.
        configuration.decompression = Self.isLoopback(url.host!) ? .disabled : .enabled(limit: .ratio(50))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Shuts the connection pool down; the client cannot be used afterwards.
    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// An instant query, evaluated at `time` (the server's now when nil).
    package func instant(_ query: String, at time: Date? = nil) async throws(SignalsError) -> QueryResult {
        var fields = [("query", query)]
        if let time { fields.append(("time", FormEncoding.time(time.timeIntervalSince1970))) }
        return try await call(path: "/api/v1/query", fields: fields, describe: "query \(quoted(query))")
    }

    /// A range query: evaluations at `start`, `start + step`, … up to `end`.
    package func range(_ query: String, start: Date, end: Date, step: Double) async throws(SignalsError) -> QueryResult {
        let fields = [("query", query), ("start", FormEncoding.time(start.timeIntervalSince1970)),
                      ("end", FormEncoding.time(end.timeIntervalSince1970)), ("step", FormEncoding.time(step))]
        return try await call(path: "/api/v1/query_range", fields: fields,
                              describe: "range query \(quoted(query)) from \(FormEncoding.time(start.timeIntervalSince1970)) to \(FormEncoding.time(end.timeIntervalSince1970))")
    }

    private func call(path: String, fields: [(String, String)], describe: String) async throws(SignalsError) -> QueryResult {
        let form = FormEncoding.encode(fields)
        var request: HTTPClientRequest
        switch endpoint.method {
        case .post:
            request = HTTPClientRequest(url: base + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        case .get:
            request = HTTPClientRequest(url: base + path + "?" + form)
            request.method = .GET
        }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "costguard")
        if let authorization = try authorizationHeader() { request.headers.add(name: "Authorization", value: authorization) }

        logger.debug("prometheus request", metadata: ["path": .string(path), "query": .string(fields[0].1)])
        let started = ContinuousClock.now
        let status: Int
        let body: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(endpoint.timeoutSeconds * 1000)), logger: logger)
            status = Int(response.status.code)
            var buffer = try await response.body.collect(upTo: maxBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw Self.transportError(error, describe: describe, base: base)
        }
        let fetched = ContinuousClock.now
        var result = try PromResponseDecoder.decode(body, httpStatus: status, describe: describe)
        result.roundTripSeconds = Self.seconds(fetched - started)
        result.decodeSeconds = Self.seconds(ContinuousClock.now - fetched)
        if !result.warnings.isEmpty {
            logger.notice("prometheus warnings", metadata: ["query": .string(fields[0].1),
                                                            "warnings": .string(result.warnings.joined(separator: "; "))])
        }
        return result
    }

    /// Built per request from the credential file, so a rotated Secret is used at once.
    private func authorizationHeader() throws(SignalsError) -> String? {
        guard let credential else { return nil }
        let secret = try credential.read()
        if let username {
            return "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString()
        }
        return "Bearer " + secret
    }

    static func transportError(_ error: any Error, describe: String, base: String) -> SignalsError {
        if let client = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout,
                                               .getConnectionFromPoolTimeout, .tlsHandshakeTimeout]
            if timeouts.contains(client) {
                return SignalsError(.timeout, "\(describe): no answer from \(base) in time", cause: client)
            }
            return SignalsError(.unreachable, "\(describe): \(base) failed", cause: client)
        }
        if let tooBig = error as? NIOTooManyBytesError {
            return SignalsError(.badResult, "\(describe): the answer from \(base) is too large", cause: DecodeFailure(tooBig))
        }
        if error is CancellationError {
            return SignalsError(.timeout, "\(describe): cancelled", cause: CancellationError())
        }
        return SignalsError(.unreachable, "\(describe): cannot reach \(base)", cause: DecodeFailure(error))
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    private func quoted(_ query: String) -> String {
        let line = query.replacingOccurrences(of: "\n", with: " ")
        return "\"" + (line.count > 200 ? String(line.prefix(200)) + "…" : line) + "\""
    }

    package static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
