import AccessLogs
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// A client of the access-log receivers' `GET /v1/intervals` (`costguard ingest serve`), shared by
/// every replica of one guard. TLS verification is always on. Call `shutdown()` once when done.
package final class ReceiverClient: Sendable {
    private let http: HTTPClient
    private let timeoutSeconds: Double
    private let logger: Logger
    /// A full interval's sketches are about 1 MiB; the reader asks for at most a quarter-hour of them.
    private let maxBodyBytes = 256 << 20

    package init(timeoutSeconds: Double, logger: Logger) {
        self.timeoutSeconds = timeoutSeconds
        self.logger = logger
        http = SignalHTTPClient.make(timeoutSeconds: timeoutSeconds)
    }

    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// The intervals one receiver holds from `since` (an interval start, seconds since 1970) on.
    package func intervals(base: String, since: Double?) async throws(SignalsError) -> IntervalReport {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        var url = trimmed + "/v1/intervals"
        if let since { url += "?since=" + FormEncoding.time(since) }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "costguard")
        let describe = "access-log receiver \(trimmed)"
        let status: UInt
        let body: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)), logger: logger)
            status = response.status.code
            var buffer = try await response.body.collect(upTo: maxBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw PrometheusClient.transportError(error, describe: "GET /v1/intervals", base: trimmed)
        }
        guard status == 200 else {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            throw SignalsError(.httpStatus, "\(describe) answered HTTP \(status) to GET /v1/intervals: \(text)")
        }
        do {
            return try IntervalReport(json: body)
        } catch let error as IntervalReportError {
            throw SignalsError(.badResult, "\(describe) answered something that is not its interval sketches: \(error.description)")
        } catch {
            throw SignalsError(.notJSON, "\(describe) answered GET /v1/intervals with a body that is not the receiver's JSON (is it costguard ingest serve?)",
                               cause: DecodeFailure(error))
        }
    }
}
