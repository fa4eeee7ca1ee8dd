import AsyncHTTPClient
import GuardCore
import OperatorRuntime
import Synchronization
import Testing

/// A readiness answer the test flips.
private final class ReadinessSwitch: Sendable {
    private let state = Mutex((ready: false, reason: "waiting for the CostGuard cache to sync"))

    func set(ready: Bool, reason: String) { state.withLock { $0 = (ready, reason) } }
    var answer: (ready: Bool, reason: String) { state.withLock { $0 } }
}

@Suite struct EndpointsTests {
    @Test func metricsOverHTTPCarryTheRecordedValues() async throws {
        let metrics = OperatorMetrics()
        metrics.recordEvaluation(OperatorMetrics.Evaluation(guardName: "shop", score: 0.9, verdict: .surge, phase: .capReached,
                                                            nodes: 12, hourlySpend: 4.25, pausedWorkloads: 3, deniedPrefixes: 5))
        metrics.recordAction(guard: "shop", kind: .tightenRateLimit, result: .applied)
        metrics.recordReconcile(duration: .milliseconds(2))
        let service = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: 0), metrics: metrics, logger: quietLogger)
        try await withEndpoints([service]) { ports in
            let answer = try await get(port: ports[0], "/metrics")
            #expect(answer.status == 200)
            #expect(answer.contentType == "text/plain; version=0.0.4; charset=utf-8")
            #expect(try value(answer.body, "costguard_nodes", ["guard": "shop"]) == 12)
            #expect(try value(answer.body, "costguard_hourly_spend", ["guard": "shop"]) == 4.25)
            #expect(try value(answer.body, "costguard_guard_phase", ["guard": "shop", "phase": "CapReached"]) == 1)
            #expect(try value(answer.body, "costguard_guard_phase", ["guard": "shop", "phase": "Normal"]) == 0)
            #expect(try value(answer.body, "costguard_actions_total",
                              ["guard": "shop", "kind": "tighten_rate_limit", "result": "applied"]) == 1)
            #expect(try value(answer.body, "costguard_reconcile_duration_seconds_bucket", ["le": "0.0025"]) == 1)
            #expect(try value(answer.body, "costguard_reconcile_duration_seconds_bucket", ["le": "0.001"]) == 0)

            // A change shows on the next scrape; a forgotten guard is gone from it.
            metrics.recordEvaluation(OperatorMetrics.Evaluation(guardName: "blog", score: 0, verdict: .warmup, phase: .normal,
                                                                nodes: 1, hourlySpend: 0.5, pausedWorkloads: 0, deniedPrefixes: 0))
            metrics.forget(guard: "shop")
            let later = try await get(port: ports[0], "/metrics")
            #expect(try samples(later.body).filter { $0.labels["guard"] == "shop" }.isEmpty)
            #expect(try value(later.body, "costguard_verdict", ["guard": "blog", "class": "warmup"]) == 1)
        }
    }

    @Test func probesAnswerLivenessAndReadiness() async throws {
        let readiness = ReadinessSwitch()
        let service = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: 0), routes: .probes,
                                       metrics: OperatorMetrics(), liveness: { true },
                                       readiness: { readiness.answer }, logger: quietLogger)
        try await withEndpoints([service]) { ports in
            let port = ports[0]
            let healthy = try await get(port: port, "/healthz")
            #expect(healthy.status == 200)
            #expect(healthy.body == "ok")

            let notReady = try await get(port: port, "/readyz")
            #expect(notReady.status == 503)
            #expect(notReady.body == "waiting for the CostGuard cache to sync")

            readiness.set(ready: true, reason: "")
            let ready = try await get(port: port, "/readyz")
            #expect(ready.status == 200)
            #expect(ready.body == "ok")

            // This service serves probes only.
            #expect(try await get(port: port, "/metrics").status == 404)
        }
    }

    @Test func livenessFailureIsAServerError() async throws {
        let service = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: 0), routes: .probes,
                                       metrics: OperatorMetrics(), liveness: { false }, logger: quietLogger)
        try await withEndpoints([service]) { ports in
            let answer = try await get(port: ports[0], "/healthz")
            #expect(answer.status == 500)
            #expect(answer.body == "not alive")
        }
    }

    @Test func metricsAndProbesOnTwoPorts() async throws {
        let metrics = OperatorMetrics()
        metrics.setLeader(true)
        let metricsAddress = try ListenAddress.parse("127.0.0.1:0", flag: "--metrics-bind-address")
        let probeAddress = try ListenAddress.parse("127.0.0.1:0", flag: "--health-probe-bind-address")
        let services = EndpointsService.services(metricsAddress: metricsAddress, probeAddress: probeAddress, metrics: metrics,
                                                 liveness: { true }, readiness: { (true, "") }, logger: quietLogger)
        try #require(services.count == 2)
        #expect(services.map(\.routes) == [.metrics, .probes])
        try await withEndpoints(services) { ports in
            #expect(ports[0] != ports[1])
            let scraped = try await get(port: ports[0], "/metrics")
            #expect(scraped.status == 200)
            #expect(try value(scraped.body, "costguard_leader") == 1)
            #expect(try await get(port: ports[0], "/healthz").status == 404)
            #expect(try await get(port: ports[1], "/healthz").status == 200)
            #expect(try await get(port: ports[1], "/readyz").status == 200)
            #expect(try await get(port: ports[1], "/metrics").status == 404)
        }
    }

    @Test func servicesForTheFlags() throws {
        let metrics = OperatorMetrics()
        func services(_ metricsFlag: String, _ probeFlag: String) throws -> [EndpointsService.Routes] {
            EndpointsService.services(
                metricsAddress: try ListenAddress.parse(metricsFlag, flag: "--metrics-bind-address"),
                probeAddress: try ListenAddress.parse(probeFlag, flag: "--health-probe-bind-address"),
                metrics: metrics, liveness: { true }, readiness: { (true, "") }, logger: quietLogger
            ).map(\.routes)
        }
        #expect(try services(":8080", ":8081") == [.metrics, .probes])
        #expect(try services("0", ":8081") == [.probes])
        #expect(try services(":8080", "0") == [.metrics])
        #expect(try services("0", "0") == [])
        #expect(try services(":8080", "0.0.0.0:8080") == [.all])
    }

    @Test func gracefulShutdownEndsTheService() async throws {
        let service = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: 0), metrics: OperatorMetrics(),
                                       logger: quietLogger)
        let port = try await withEndpoints([service]) { ports async throws -> Int in
            #expect(service.port == ports[0])
            #expect(try await get(port: ports[0], "/healthz").status == 200)
            return ports[0]
        }
        // withEndpoints returned only after the group's run() ended; the port is closed now.
        #expect(service.port == nil)
        await #expect(throws: EndpointsError.self) { _ = try await service.waitForPort() }
        try await withNonRetryingClient { client in
            let refused = await #expect(throws: (any Error).self) { _ = try await get(port: port, "/healthz", client: client) }
            #expect("\(String(describing: refused))".localizedCaseInsensitiveContains("refused"), "\(String(describing: refused))")
        }
    }

    @Test func aTakenPortFailsTheServiceAndItsWaiters() async throws {
        let first = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: 0), metrics: OperatorMetrics(),
                                     logger: quietLogger)
        try await withEndpoints([first]) { ports in
            let second = EndpointsService(address: ListenAddress(host: "127.0.0.1", port: ports[0]), metrics: OperatorMetrics(),
                                          logger: quietLogger)
            let error = await #expect(throws: (any Error).self) { try await within(.seconds(20)) { try await second.run() } }
            #expect(!(error is TimedOutWaiting), "the second server should fail to bind, not run")
            await #expect(throws: EndpointsError.self) { _ = try await second.waitForPort() }
        }
    }

    @Test(arguments: [
        (":8080", ListenAddress(host: "0.0.0.0", port: 8080)),
        ("127.0.0.1:8080", ListenAddress(host: "127.0.0.1", port: 8080)),
        ("[::1]:9090", ListenAddress(host: "::1", port: 9090)),
        ("localhost:0", ListenAddress(host: "localhost", port: 0)),
    ])
    func bindAddressesParse(text: String, expected: ListenAddress) throws {
        #expect(try ListenAddress.parse(text, flag: "--metrics-bind-address") == expected)
    }

    @Test func disabledBindAddresses() throws {
        #expect(try ListenAddress.parse("0", flag: "--metrics-bind-address") == nil)
        #expect(try ListenAddress.parse("", flag: "--health-probe-bind-address") == nil)
    }

    @Test(arguments: ["8080", ":99999", "localhost:http", "::1:8080", "[::1:8080", ":", "host:-1"])
    func badBindAddressesNameTheFlag(text: String) throws {
        let error = try #require(throws: ListenAddressError.self) {
            try ListenAddress.parse(text, flag: "--health-probe-bind-address")
        }
        #expect(error.flag == "--health-probe-bind-address")
        #expect(error.description.contains("--health-probe-bind-address"))
        #expect(error.description.contains("\"\(text)\""))
    }
}
