import CostGuardAPI
import Foundation
import KubeClient
import KubeModel

/// The external objects guards change besides HPAs and deny sets: a Traefik Middleware's rate
/// limit during a surge, a KEDA ScaledObject's pause and ceiling for the HPA it manages, and
/// `caps.maxNodes` held at the node provisioners (Karpenter NodePools, Cluster API
/// MachineDeployments). Enforce-mode guards claim; everything else only restores. Leader only.
extension GuardController {
    func enforceExternalObjects(runtimes: [String: GuardRuntime], guards: [String: GuardObject], nodes: NodeCache,
                                scaledObjectClaims: [ObjectRef: [HPAClaim]], now: Date,
                                state: inout ExternalObjectsState, report: inout CycleReport) async -> ExternalOutcome {
        var enforcing: [(String, GuardRuntime)] = []
        for (name, runtime) in runtimes.sorted(by: { $0.key < $1.key }) where guards[name]?.enforcing == true {
            enforcing.append((name, runtime))
        }
        var outcome = ExternalOutcome()
        outcome.merge(await enforceRateLimits(enforcing, state: &state, report: &report))
        outcome.merge(await enforceScaledObjects(scaledObjectClaims, now: now, state: &state, report: &report))
        outcome.merge(await enforceNodePools(enforcing, nodes: nodes, state: &state, report: &report))
        return outcome
    }

    private func enforceRateLimits(_ enforcing: [(String, GuardRuntime)], state: inout ExternalObjectsState,
                                   report: inout CycleReport) async -> ExternalOutcome {
        var claims: [ObjectRef: [RateLimitClaim]] = [:]
        var used = false
        for (name, runtime) in enforcing {
            let config = runtime.spec.actions.rateLimit
            guard config.enabled, let namespace = config.middlewareNamespace, let middleware = config.middlewareName else { continue }
            used = true
            // Only while the plan says so (a surge pause): otherwise the guard lets go and the
            // recorded values come back.
            guard runtime.latest?.plan.rateLimitTightened == true else { continue }
            claims[ObjectRef(namespace: namespace, name: middleware), default: []]
                .append(RateLimitClaim(guardName: name, average: config.surgeAverage, burst: config.surgeBurst))
        }
        return await convergeExternal(.middlewares, claimed: claims.mapValues { $0.map(\.guardName) }, used: used,
                                      state: &state, report: &report) { ref, object, _ in
            RateLimitConvergence.converge(middleware: object, claims: claims[ref] ?? [])
        }
    }

    private func enforceScaledObjects(_ claims: [ObjectRef: [HPAClaim]], now: Date, state: inout ExternalObjectsState,
                                      report: inout CycleReport) async -> ExternalOutcome {
        // A claim with neither pause nor ceiling only matters on a ScaledObject already marked
        // (a recorded pause running out): it needs no read of its own.
        let acting = claims.filter { $0.value.contains { $0.pause != nil || $0.ceiling != nil } }
        return await convergeExternal(.scaledObjects, claimed: acting.mapValues { $0.map(\.guardName) }, used: !acting.isEmpty,
                                      state: &state, report: &report) { ref, object, _ in
            ScaledObjectConvergence.converge(scaledObject: object, claims: claims[ref] ?? [], now: now).convergence
        }
    }

    private func enforceNodePools(_ enforcing: [(String, GuardRuntime)], nodes: NodeCache,
                                  state: inout ExternalObjectsState, report: inout CycleReport) async -> ExternalOutcome {
        var karpenter: [(String, LabelSelector, maxNodes: Int, counted: Int)] = []
        var clusterAPI: [(String, LabelSelector, maxNodes: Int, counted: Int)] = []
        for (name, runtime) in enforcing {
            guard let maxNodes = runtime.spec.caps.maxNodes, let counted = runtime.latest?.cluster.view.nodes else { continue }
            let pools = runtime.spec.actions.nodePools
            if let selector = pools.karpenterNodePoolSelector { karpenter.append((name, selector, maxNodes, counted)) }
            if let selector = pools.clusterAPIMachineDeploymentSelector { clusterAPI.append((name, selector, maxNodes, counted)) }
        }
        var outcome = ExternalOutcome()
        // A NodePool's nodes carry its name in karpenter.sh/nodepool.
        let poolNodes = karpenter.isEmpty ? [:] : nodes.counts(byLabel: "karpenter.sh/nodepool")
        outcome.merge(await convergeExternal(.nodePools, claimed: [:], used: !karpenter.isEmpty, state: &state,
                                             report: &report) { ref, object, all in
            NodeLimitConvergence.nodePool(object, claims: Self.nodeClaims(ref, guards: karpenter, all: all) { poolNodes[$0.name] ?? 0 })
        })
        outcome.merge(await convergeExternal(.machineDeployments, claimed: [:], used: !clusterAPI.isEmpty, state: &state,
                                             report: &report) { ref, object, all in
            NodeLimitConvergence.machineDeployment(object, claims: Self.nodeClaims(ref, guards: clusterAPI, all: all) { ref in
                let deployment = all[ref]
                let replicas = deployment?.value(atPath: "status.replicas")?.intValue ?? deployment?.value(atPath: "spec.replicas")?.intValue
                return Int(replicas ?? 0)
            })
        })
        return outcome
    }

    /// The limit each guard selecting `ref` puts on it: the pool's own size plus the headroom left
    /// under the guard's cap (`NodeLimitConvergence.limits`).
    static func nodeClaims(_ ref: ObjectRef, guards: [(String, LabelSelector, maxNodes: Int, counted: Int)],
                           all: [ObjectRef: JSONValue], size: (ObjectRef) -> Int) -> [NodeLimitClaim] {
        guards.compactMap { name, selector, maxNodes, counted in
            let labels = all[ref]?.value(atPath: "metadata.labels")?.stringMap ?? [:]
            guard selector.matches(labels) else { return nil }
            let limits = NodeLimitConvergence.limits(maxNodes: maxNodes, countedNodes: counted, pools: [ref.description: size(ref)])
            return limits[ref.description].map { NodeLimitClaim(guardName: name, limit: $0) }
        }
    }
}
