import AsyncHTTPClient
import NIOCore
import NIOSSL

/// The HTTP client of a signal source that takes no custom CA (OpenCost, the access-log receivers):
/// TLS verification always on, a connect timeout of at most 10 s, and a refused connection failing
/// at once, so one evaluation goes fail-static instead of holding the pass for the whole timeout.
enum SignalHTTPClient {
    static func make(timeoutSeconds: Double) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        configuration.tlsConfiguration = tls
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .milliseconds(Int64(min(timeoutSeconds, 10) * 1000)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}
