import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL

/// Reads node prices from OpenCost (`pricing.openCost.url`): its assets API over the last hour.
/// TLS is verified; a refused connection fails at once, as with Prometheus.
package final class OpenCostClient: Sendable {
    private let base: String
    private let http: HTTPClient
    private let timeoutSeconds: Double
    private let logger: Logger
    private let maxBodyBytes = 64 << 20

    package init(url: String, timeoutSeconds: Double = 10, logger: Logger = Logger(label: "costguard.opencost")) throws(SignalsError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host != nil else {
            throw SignalsError(.configuration, "\(url) is not an http(s) URL")
        }
        base = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.timeoutSeconds = timeoutSeconds
        self.logger = logger
        http = SignalHTTPClient.make(timeoutSeconds: timeoutSeconds)
    }

    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// The prices of the nodes OpenCost saw in the last hour.
    package func prices() async throws(SignalsError) -> OpenCostPrices {
        var request = HTTPClientRequest(url: base + "/assets?window=1h&accumulate=true")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "costguard")
        let status: Int
        let body: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)), logger: logger)
            status = Int(response.status.code)
            var buffer = try await response.body.collect(upTo: maxBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw PrometheusClient.transportError(error, describe: "OpenCost assets", base: base)
        }
        guard status == 200 else {
            throw SignalsError(.httpStatus, "OpenCost assets: \(base) answered HTTP \(status)")
        }
        return try OpenCostPrices.parse(body)
    }
}
