import CostGuardAPI
import Foundation
import GuardCore
import KubeClient
import KubeModel
import KubeSim
import Logging
import OperatorRuntime

/// KubeSim with the simulated controllers of a scenario, and the operators that guard it, on a
/// stepped clock. Its lifetime is a scope (`with`), and so is each operator's (`withOperator`):
/// the server and the operators run as child tasks of those scopes and end with them. Each
/// `step` plays one frame: the traffic and the controllers act, the driver
/// waits until every running operator has seen that over its watches, then moves the clock half
/// an interval so they evaluate. A decision after frame k acts at frame k+1, as in replay.
package final class SimulatedCluster {
    package let header: ScenarioHeader
    package let guardName: String
    package let state: ClusterState
    package let server: APIServer
    package let clock: SteppedClock
    package private(set) var simulation: ClusterSimulation
    let logger: Logger

    /// Runs `body` with the cluster's API server serving, and stops the server when it returns.
    package static func with<Result>(header: ScenarioHeader, guardName: String = "demo",
                                     logger: Logger = Logger(label: "costguard.demo"),
                                     _ body: (SimulatedCluster) async throws -> Result) async throws -> Result {
        let cluster = try await SimulatedCluster(header: header, guardName: guardName, logger: logger)
        let server = cluster.server
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            return try await body(cluster)
        }
    }

    private init(header: ScenarioHeader, guardName: String, logger: Logger) async throws {
        self.header = header
        self.guardName = guardName
        self.logger = logger
        state = ClusterState()
        server = try await APIServer.bind(cluster: state, logger: logger)
        clock = SteppedClock(start: header.start)
        simulation = ClusterSimulation(header: header, guardName: guardName, state: state)
        let crdType = state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions")!
        try state.create(crdType, namespace: nil, body: CostGuardCRD.object)
        try simulation.install()
    }

    package var guardType: ResourceType { state.resourceType(group: "costguard.dev", version: "v1alpha1", plural: "costguards")! }

    /// The scenario's guard as a CostGuard spec for this cluster: it selects the simulated HPA,
    /// prices the simulated nodes at the scenario's price and reads the rate from the HPA, or its
    /// whole frame from the access-log receivers `accessLogs` names (`signals.accessLogs`).
    package func guardSpec(mode: CostGuardSpec.Mode? = nil, accessLogs: JSONValue? = nil) -> JSONValue {
        var spec = header.guardSpec.json
        if let mode { spec["mode"] = .string(mode.rawValue) }
        spec["targets"] = ["hpaSelector": ["matchLabels": ["costguard.dev/guard": .string(guardName)]]]
        var pricing = spec["pricing"] ?? [:]
        pricing["instanceTypes"] = [ClusterSimulation.instanceType: .string(String(format: "%.6f", header.cluster.nodeHourlyPrice))]
        spec["pricing"] = pricing
        var signals = spec["signals"] ?? [:]
        signals["interval"] = .string("\(Int(header.interval))s")
        signals["prometheus"] = nil
        signals["accessLogs"] = accessLogs
        spec["signals"] = signals
        return spec
    }

    /// Serves Calico's GlobalNetworkSet as Calico's CRDs do (crd.projectcalico.org/v1), so that a
    /// guard with a deny list finds the API it writes to, as in a cluster running Calico.
    package func installCalicoNetworkSets() throws {
        let crdType = state.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions")!
        try state.create(crdType, namespace: nil, body: [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "globalnetworksets.crd.projectcalico.org"],
            "spec": [
                "group": "crd.projectcalico.org", "scope": "Cluster",
                "names": ["plural": "globalnetworksets", "singular": "globalnetworkset", "kind": "GlobalNetworkSet",
                          "listKind": "GlobalNetworkSetList"],
                "versions": [[
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ])
    }

    @discardableResult
    package func createGuard(name: String? = nil, spec: JSONValue) throws -> JSONValue {
        try state.create(guardType, namespace: nil, body: [
            "apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard",
            "metadata": ["name": .string(name ?? guardName)], "spec": spec,
        ])
    }

    package func guardObject(_ name: String? = nil) throws -> JSONValue? {
        try state.object(guardType, namespace: nil, name: name ?? guardName)
    }

    package func hpa() throws -> HorizontalPodAutoscaler {
        let type = state.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers")!
        guard let object = try state.object(type, namespace: header.workload.namespace, name: header.workload.name) else {
            throw SimulationFailure("the simulated HPA is gone")
        }
        return try object.decode(as: HorizontalPodAutoscaler.self)
    }

    /// How an operator's scope ends: gracefully (the reconcile in flight finishes, the watches
    /// end), or killed, as a process is: its task cancelled wherever it is.
    package enum Ending: Sendable {
        case gracefully
        case killed
    }

    /// Runs an operator instance for the duration of `body`, which starts after its first
    /// reconciles (it evaluates at once, then every interval). `credentials` are what its client
    /// sends (a bearer token, for a KubeSim with RBAC on); none by default, which KubeSim serves
    /// as an unrestricted admin.
    package func withOperator<Result>(identity: String = "costguard-0", credentials: ClientConfiguration.Credentials = .none,
                                      isLeader: @escaping @Sendable () -> Bool = { true }, ending: Ending = .gracefully,
                                      _ body: (OperatorHandle) async throws -> Result) async throws -> Result {
        let handle = try OperatorHandle(identity: identity, serverURL: server.url, credentials: credentials, clock: clock,
                                        isLeader: isLeader, logger: logger)
        let controller = handle.controller
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
                group.addTask { try await controller.run() }
                do {
                    try await handle.waitForFirstReport()
                    let result = try await body(handle)
                    switch ending {
                    case .gracefully:
                        controller.stop()
                        try await group.waitForAll()
                    case .killed:
                        group.cancelAll()
                        do { try await group.waitForAll() } catch is CancellationError {}
                    }
                    return result
                } catch {
                    group.cancelAll()
                    throw error
                }
            })
        } catch {
            result = .failure(error)
        }
        // Its HTTP client must be shut down before it is released, or the process traps.
        await handle.closeClient()
        return try result.get()
    }

    /// Plays the first frame before any operator starts, and sets the clock to its evaluation time.
    package func begin(with frame: SignalFrame) throws -> ClusterSimulation.Step {
        let step = try simulation.step(t: frame.t, rps: frame.rps)
        clock.advance(to: evaluationTime(frame.t))
        return step
    }

    /// Plays one frame and returns what each operator decided on it.
    package func step(_ frame: SignalFrame, operators: [OperatorHandle]) async throws
        -> (ClusterSimulation.Step, [(report: CycleReport, result: CycleReport.GuardResult)]) {
        clock.advance(to: header.start.addingTimeInterval(frame.t))
        let step = try simulation.step(t: frame.t, rps: frame.rps, deniedRps: deniedRps(frame))
        for handle in operators { try await waitUntilSeen(by: handle, hpaVersion: step.hpaVersion, nodes: step.guarded.nodes) }
        let time = evaluationTime(frame.t)
        clock.advance(to: time)
        var results: [(report: CycleReport, result: CycleReport.GuardResult)] = []
        for handle in operators { results.append(try await handle.evaluation(of: guardName, at: time)) }
        return (step, results)
    }

    /// The frame's rate from the networks the cluster's GlobalNetworkSets list, as a Calico
    /// policy that drops them would keep from the workload (the replay's rule, DenyListRules).
    func deniedRps(_ frame: SignalFrame) -> Double {
        guard let top = frame.topSources, !top.isEmpty,
              let type = state.resourceType(group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets") else { return 0 }
        let nets = state.objects(type).flatMap { set in
            (set.value(atPath: "spec.nets")?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(IPPrefix.init) }
        }
        var denied = 0.0
        DenyListRules.forEachBlocked(top, by: nets, prefix: { $0 }) { _, source in denied += source.rps }
        return denied
    }

    package func evaluationTime(_ t: Double) -> Date { header.start.addingTimeInterval(t + header.interval / 2) }

    /// Waits until the operator's caches hold the simulation's last writes.
    package func waitUntilSeen(by handle: OperatorHandle, hpaVersion version: Int64, nodes: Int) async throws {
        let deadline = ContinuousClock.now + OperatorHandle.patience
        while handle.controller.cache.observedVersion("hpas") < version || handle.controller.cache.nodes.count != nodes {
            guard ContinuousClock.now < deadline else { throw SimulationFailure("operator \(handle.identity) did not see the cluster's changes") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

}
