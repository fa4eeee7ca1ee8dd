import ArgumentParser
import Foundation
import KubeClient
import Logging
import OperatorRuntime
import ServiceLifecycle

/// `costguard run`: the operator, as it runs in a cluster.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the operator: watches CostGuards, Nodes and HPAs and enforces the guards.",
        discussion: """
        Connects with --kubeconfig, else the KUBECONFIG variable, else the in-cluster service account. \
        With --leader-elect, only the instance holding the Lease acts; the others keep their caches and \
        classifiers warm. SIGTERM or SIGINT finishes the pass in flight, releases the Lease and exits.
        """
    )

    @Option(help: "Path to a kubeconfig; default: KUBECONFIG, else the in-cluster service account.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use; default: its current context.")
    var context: String?

    @Flag(inversion: .prefixedNo, exclusivity: .chooseLast,
          help: "Elect a leader on a coordination.k8s.io/v1 Lease (for more than one replica); also --leader-elect=true|false.")
    var leaderElect = false

    @Option(help: "The namespace of the Lease; default: the pod's namespace (POD_NAMESPACE or the service account's).")
    var leaderElectionNamespace: String?

    @Option(help: "The name of the Lease.")
    var leaderElectionID = "costguard-operator"

    @Option(help: "This instance's identity in the Lease and in Events; default: HOSTNAME (the pod name).")
    var identity: String?

    @Option(help: "Where to serve /metrics, as host:port or :port; 0 turns it off.")
    var metricsBindAddress = ":8080"

    @Option(help: "Where to serve /healthz and /readyz, as host:port or :port; 0 turns it off.")
    var healthProbeBindAddress = ":8081"

    @Option(help: "The namespace for Events about CostGuards (which are cluster-scoped).")
    var eventNamespace = "default"

    @Option(help: "Log format: json or text.")
    var logFormat = "json"

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            try LogSetup.bootstrap(logFormat: logFormat, logLevel: logLevel)
        } catch {
            throw ValidationError("\(error)")
        }
        let logger = Logger(label: "costguard")
        let metricsAddress: ListenAddress?
        let probeAddress: ListenAddress?
        do {
            metricsAddress = try ListenAddress.parse(metricsBindAddress, flag: "--metrics-bind-address")
            probeAddress = try ListenAddress.parse(healthProbeBindAddress, flag: "--health-probe-bind-address")
        } catch {
            throw ValidationError("\(error)")
        }
        var (clientConfiguration, podNamespace) = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context, environment: environment)
        let identity = identity ?? environment["HOSTNAME"] ?? "costguard-\(ProcessInfo.processInfo.processIdentifier)"
        // The API server's audit log then tells the replicas apart, as client-go's user agent does binaries.
        clientConfiguration.userAgent = "costguard/\(BuildInfo.version) (\(identity))"
        let client = try Client(configuration: clientConfiguration, logger: logger)

        var elector: LeaderElector?
        if leaderElect {
            let namespace = leaderElectionNamespace ?? environment["POD_NAMESPACE"] ?? podNamespace ?? "costguard-system"
            elector = LeaderElector(client: client, configuration: LeaderElectionConfiguration(
                namespace: namespace, name: leaderElectionID, identity: identity), logger: logger)
        }
        let metrics = OperatorMetrics()
        let controller = GuardController(
            client: client, configuration: ControllerConfiguration(identity: identity, eventNamespace: eventNamespace),
            isLeader: { [elector] in elector?.isLeader ?? true },
            observer: ControllerObserver(onCycle: { metrics.record($0) }), logger: logger)

        var services: [any Service] = EndpointsService.services(
            metricsAddress: metricsAddress, probeAddress: probeAddress, metrics: metrics,
            liveness: { !controller.isStopping },
            readiness: { controller.cache.readiness() }, logger: logger)
        metrics.sampleCaches { controller.cache.staleness() }
        if let elector {
            services.append(LeaderElectionService(elector: elector, onChange: { leading in if leading { controller.wakeUp() } }))
        }
        services.append(controller)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("costguard starting", metadata: ["identity": "\(identity)", "server": "\(clientConfiguration.server)",
                                                      "leaderElect": "\(leaderElect)"])
        do {
            try await group.run()
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
