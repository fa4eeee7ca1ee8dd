import Foundation
import KubeModel
import Testing
import TestSupport

/// deploy/ingest and the shippers' configurations, read as YAML: the receiver runs with flags
/// `costguard ingest serve` has, hardened like the operator, behind the Service the shippers send to
/// and the access-log example guard reads; each shipper sends to that Service, on the path and in
/// the framing the receiver takes.
@Suite struct IngestManifestTests {
    static func ingest(_ file: String) throws -> JSONValue { try YAMLDocuments.loadOne(Repo.path("deploy/ingest/" + file)) }
    static let serviceHost = "costguard-ingest.costguard-system.svc"

    /// The long option names `costguard ingest serve` declares.
    static func serveFlags() throws -> Set<String> {
        try DeploymentManifestTests.flags(declaredIn: "Sources/costguard/IngestServeCommand.swift")
    }

    @Test func theReceiverRunsWithFlagsIngestServeHasAndIsHardened() throws {
        let deployment = try Self.ingest("deployment.yaml")
        #expect(deployment.value(atPath: "spec.replicas") == 2)
        let pod = try #require(deployment.value(atPath: "spec.template.spec"))
        let container = try #require(pod["containers"]?.arrayValue?.first)
        let arguments = (container["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(Array(arguments.prefix(2)) == ["ingest", "serve"])
        let flags = try Self.serveFlags()
        #expect(flags.isSuperset(of: ["--format", "--listen", "--interval", "--keep", "--conversion"]), "\(flags.sorted())")
        for argument in arguments.dropFirst(2) {
            let name = String(argument.split(separator: "=", maxSplits: 1)[0])
            #expect(flags.contains(name), "\(name) is not a flag of costguard ingest serve (\(flags.sorted()))")
        }
        #expect(arguments.contains("--listen=:8090"))
        // No API access: no token in the pod, none handed out by the ServiceAccount.
        #expect(pod["automountServiceAccountToken"] == false)
        #expect(try Self.ingest("serviceaccount.yaml")["automountServiceAccountToken"] == false)
        #expect(pod["serviceAccountName"] == "costguard-ingest")
        #expect(pod.value(atPath: "securityContext.runAsNonRoot") == true)
        #expect(pod.value(atPath: "securityContext.seccompProfile.type") == "RuntimeDefault")
        let security = try #require(container["securityContext"])
        #expect(security["readOnlyRootFilesystem"] == true)
        #expect(security["allowPrivilegeEscalation"] == false)
        #expect(security.value(atPath: "capabilities.drop") == ["ALL"])
        #expect(container.value(atPath: "readinessProbe.httpGet.path") == "/readyz")
        #expect(container.value(atPath: "livenessProbe.httpGet.path") == "/healthz")
        #expect(container.value(atPath: "resources.limits.memory") != nil)
    }

    @Test func theServiceSelectsTheReceiversAndTheExampleGuardReadsIt() throws {
        let deployment = try Self.ingest("deployment.yaml")
        let service = try Self.ingest("service.yaml")
        let labels = try #require(deployment.value(atPath: "spec.template.metadata.labels")?.objectValue)
        let selector = try #require(service.value(atPath: "spec.selector")?.objectValue)
        #expect(selector.allSatisfy { labels[$0.key] == $0.value })
        // It must not select the operator's pods, whose component is "operator".
        #expect(selector["app.kubernetes.io/component"] == "ingest")
        let port = try #require(service.value(atPath: "spec.ports")?.arrayValue?.first)
        #expect(port["port"] == 8090)
        let containerPorts = deployment.value(atPath: "spec.template.spec.containers")?.arrayValue?.first?["ports"]?.arrayValue ?? []
        #expect(containerPorts.contains { $0["name"] == port["targetPort"] && $0["containerPort"] == 8090 })
        let budget = try Self.ingest("poddisruptionbudget.yaml")
        #expect(budget.value(atPath: "spec.selector.matchLabels") == .object(selector))
        let example = try YAMLDocuments.loadOne(Repo.path("crds/examples/access-logs.yaml"))
        let reads = try #require(example.value(atPath: "spec.signals.accessLogs.service"))
        #expect(reads["namespace"] == service.value(atPath: "metadata.namespace"))
        #expect(reads["name"] == service.value(atPath: "metadata.name"))
        #expect(reads["port"] == port["port"])
    }

    @Test func eachShipperSendsToTheServiceInAFormTheReceiverTakes() throws {
        let fluentBit = try YAMLDocuments.loadOne(Repo.path("deploy/ingest/shippers/fluent-bit.yaml"))
        let output = try #require(fluentBit.value(atPath: "pipeline.outputs")?.arrayValue?.first)
        #expect(output["name"] == "http")
        #expect(output["host"] == .string(Self.serviceHost))
        #expect(output["port"] == 8090)
        #expect(output["uri"] == "/ingest")
        #expect(output["format"] == "json_lines")
        let input = try #require(fluentBit.value(atPath: "pipeline.inputs")?.arrayValue?.first)
        #expect(input["multiline.parser"] == "cri", "the cri parser puts the line in `log`, which the receiver reads")
        #expect(output["match"] == input["tag"])

        let vector = try YAMLDocuments.loadOne(Repo.path("deploy/ingest/shippers/vector.yaml"))
        let sink = try #require(vector.value(atPath: "sinks.costguard_ingest"))
        #expect(sink["type"] == "http")
        #expect(sink["uri"] == .string("http://\(Self.serviceHost):8090/ingest"))
        #expect(sink.value(atPath: "encoding.codec") == "json")
        #expect(sink.value(atPath: "framing.method") == "newline_delimited")
        #expect(sink["inputs"] == ["costguard_traefik"])
        #expect(vector.value(atPath: "sources.costguard_traefik.type") == "kubernetes_logs")

        let collector = try YAMLDocuments.loadOne(Repo.path("deploy/ingest/shippers/otel-collector.yaml"))
        let exporter = try #require(collector.value(atPath: "exporters.otlphttp/costguard"))
        #expect(exporter["endpoint"] == .string("http://\(Self.serviceHost):8090"), "the exporter adds /v1/logs itself")
        #expect(exporter["encoding"] == "proto")
        let pipeline = try #require(collector.value(atPath: "service.pipelines.logs/costguard"))
        #expect(pipeline["receivers"] == ["filelog/costguard"])
        #expect(pipeline["exporters"] == ["otlphttp/costguard"])
        let operators = collector.value(atPath: "receivers.filelog/costguard.operators")?.arrayValue ?? []
        #expect(operators.contains { $0["type"] == "container" }, "the container operator leaves the line as a string body")
    }
}
