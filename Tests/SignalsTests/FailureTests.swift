import CostGuardAPI
import Foundation
import GuardCore
import KubeModel
import PrometheusBackfill
import Signals
import TestSupport
import Testing

/// Endpoints that give no usable request rate: each yields failure records and no frame, and the
/// engine then decides fail-static.
struct FailureTests {
    static let time = Date(timeIntervalSince1970: 1_795_000_000)

    static func queries(_ url: String) -> FrameQueries { FrameQueries(ScenarioMetrics.queries(label: "shop", url: url)) }

    static func evaluate(_ url: String, timeout: Double = 5, queries: FrameQueries? = nil) async throws -> FrameEvaluation {
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: url, timeoutSeconds: timeout))
        let evaluation = await PrometheusMetricsSource(client: client, queries: queries ?? Self.queries(url)).evaluate(at: time, t: 0)
        try await client.shutdown()
        return evaluation
    }

    @Test("an unreachable endpoint: a failure per query, no frame, SignalsAvailable=False")
    func unreachable() async throws {
        let url = "http://127.0.0.1:\(try CannedHTTPServer.closedPort())"
        let evaluation = try await Self.evaluate(url)
        #expect(evaluation.frame == nil)
        #expect(Set(evaluation.failures.map(\.field)) == Set(FrameField.allCases))
        #expect(evaluation.failures.allSatisfy { $0.error.code == .unreachable })
        let rate = try #require(evaluation.failures.first { $0.field == .requestRate })
        #expect(rate.error.message.contains("sum(irate(ingress_requests_total"))
        let condition = QueryFailure.signalsCondition(evaluation.failures, frameBuilt: false, at: Self.time)
        #expect(condition.type == "SignalsAvailable" && condition.status == .false && condition.reason == "RequestRateUnavailable")
        #expect(condition.message.contains("requestRate"))
    }

    @Test("an endpoint answering an HTML page: notJSON, with the start of the page in the message")
    func htmlAnswer() async throws {
        let server = try CannedHTTPServer(status: 200, contentType: "text/html",
                                          body: "<!DOCTYPE html><html><body>Sign in to continue</body></html>")
        defer { server.stop() }
        let evaluation = try await Self.evaluate(server.url)
        #expect(evaluation.frame == nil)
        let rate = try #require(evaluation.failures.first { $0.field == .requestRate })
        #expect(rate.error.code == .notJSON)
        #expect(rate.error.description.contains("<!DOCTYPE html>"))
    }

    @Test("an endpoint answering 500 without a Prometheus body: httpStatus")
    func serverError() async throws {
        let server = try CannedHTTPServer(status: 500, contentType: "text/plain", body: "upstream connect error")
        defer { server.stop() }
        let evaluation = try await Self.evaluate(server.url)
        #expect(evaluation.frame == nil)
        #expect(evaluation.failures.count == FrameField.allCases.count)
        #expect(evaluation.failures.allSatisfy { $0.error.code == .httpStatus && $0.error.message.contains("HTTP 500") })
    }

    @Test("an endpoint slower than the timeout: timeout")
    func slowAnswer() async throws {
        let server = try CannedHTTPServer(status: 200, contentType: "application/json",
                                          body: #"{"status":"success","data":{"resultType":"scalar","result":[1795000000,"5"]}}"#,
                                          delaySeconds: 120)
        defer { server.stop() }
        // The answer is valid, only late: a frame would mean the deadline did not fire. (No wall-clock
        // bound here: parallel tests can keep the awaiting task from resuming for a while; an answer
        // 8 s late still arrived first once, under the whole suite's load on two cores, so it comes
        // after two minutes, when the client has long given up.)
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: server.url, timeoutSeconds: 0.3))
        let evaluation = await PrometheusMetricsSource(client: client, queries: FrameQueries(.init(url: server.url, requestRate: "up")))
            .evaluate(at: Self.time, t: 0)
        try await client.shutdown()
        #expect(evaluation.frame == nil)
        #expect(evaluation.failures.map(\.error.code) == [.timeout])
    }

    @Test("the bearer token is read from its file, re-read when it changes, and never logged or quoted in errors")
    func bearerTokenFile() async throws {
        let server = try CannedHTTPServer(status: 401, contentType: "text/html", body: "<html>Unauthorized</html>")
        defer { server.stop() }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-token-\(getpid())").path
        try "first-secret-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let logs = LogCapture()
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: server.url, authorization: .bearerTokenFile(tokenFile)),
                                          logger: logs.logger())
        var errors: [SignalsError] = []
        for token in ["first-secret-token", "second-secret-token"] {
            if token != "first-secret-token" {
                // A rotated Secret: new content (and a new inode, as the kubelet's atomic swap gives).
                try "\(token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            }
            do throws(SignalsError) {
                _ = try await client.instant("up", at: Self.time)
                Issue.record("a 401 page must not be a result")
            } catch {
                errors.append(error)
            }
        }
        try await client.shutdown()
        let heads = server.requestHeads
        #expect(heads.count == 2)
        #expect(heads.first?.contains("Authorization: Bearer first-secret-token") == true)
        #expect(heads.last?.contains("Authorization: Bearer second-secret-token") == true)
        #expect(errors.map(\.code) == [.httpStatus, .httpStatus], "\(errors)")
        for text in errors.map(\.description) + logs.all {
            #expect(!text.contains("secret-token"), "leaked: \(text)")
        }
        #expect(!logs.all.isEmpty)
    }

    @Test("basic auth reads the password file")
    func basicAuth() async throws {
        let server = try CannedHTTPServer(status: 200, contentType: "application/json",
                                          body: #"{"status":"success","data":{"resultType":"scalar","result":[1795000000,"5"]}}"#)
        defer { server.stop() }
        let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-password-\(getpid())").path
        try "hunter2".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: server.url, authorization: .basic(username: "costguard", passwordFile: passwordFile), method: .get))
        let result = try await client.instant("up", at: Self.time)
        try await client.shutdown()
        #expect(result.kind == .scalar && result.series.first?.samples.first?.value == 5)
        let head = try #require(server.requestHeads.first)
        #expect(head.hasPrefix("GET /api/v1/query?query=up&time=1795000000 "))
        #expect(head.contains("Authorization: Basic " + Data("costguard:hunter2".utf8).base64EncodedString()))
    }

    @Test("a missing token file is a credentials error naming the file")
    func missingTokenFile() async throws {
        let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: "http://127.0.0.1:9", authorization: .bearerTokenFile("/nonexistent/token")))
        let error = await #expect(throws: SignalsError.self) { try await client.instant("up") }
        #expect(error?.code == .credentials && error?.description.contains("/nonexistent/token") == true)
        try await client.shutdown()
    }
}
