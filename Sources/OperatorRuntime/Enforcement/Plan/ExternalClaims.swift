import CostGuardAPI
import Foundation
import KubeModel

/// What the Enforce-mode guards want of the objects outside CostGuard, gathered before anything
/// is read: it says which kinds the enforcer must read and which objects by name, and it is
/// what `ExternalEnforcementPlan` converges them to.
struct ExternalClaims: Sendable {
    typealias Provider = CostGuardSpec.Actions.DenyList.Provider

    /// A guard whose `caps.maxNodes` is held at the node provisioners its selector picks.
    struct NodeGuard: Sendable {
        var name: String
        var selector: LabelSelector
        var maxNodes: Int
        var countedNodes: Int
    }

    /// Per provider and set: the deny entries each guard wants there, and every guard naming it.
    var deny: [Provider: [ObjectRef: [DenyClaim]]] = [:]
    var denyNamed: [Provider: [ObjectRef: [String]]] = [:]
    /// Rate limits to tighten, per Middleware; `rateLimitsUsed`: some guard names a Middleware at
    /// all (a guard letting go still needs its recorded values put back).
    var rateLimits: [ObjectRef: [RateLimitClaim]] = [:]
    var rateLimitsUsed = false
    /// Claims on HPAs that a KEDA ScaledObject manages, by ScaledObject (from `HPAEnforcementPlan`).
    var scaledObjects: [ObjectRef: [HPAClaim]] = [:]
    var karpenter: [NodeGuard] = []
    var clusterAPI: [NodeGuard] = []

    /// `enforcing`: the guards in Enforce mode, by name.
    init(enforcing: [String: GuardRuntime], scaledObjects: [ObjectRef: [HPAClaim]]) {
        for (name, runtime) in enforcing.sorted(by: { $0.key < $1.key }) {
            let denyList = runtime.spec.actions.denyList
            if denyList.enabled {
                let ref = ObjectRef(namespace: nil, name: denyList.name)
                denyNamed[denyList.provider, default: [:]][ref, default: []].append(name)
                if let claim = runtime.denyClaim() { deny[denyList.provider, default: [:]][ref, default: []].append(claim) }
            }
            let rateLimit = runtime.spec.actions.rateLimit
            if rateLimit.enabled, let namespace = rateLimit.middlewareNamespace, let middleware = rateLimit.middlewareName {
                rateLimitsUsed = true
                // Only while the plan says so (a surge pause): otherwise the guard lets go and the
                // recorded values come back.
                if runtime.latest?.plan.rateLimitTightened == true {
                    rateLimits[ObjectRef(namespace: namespace, name: middleware), default: []]
                        .append(RateLimitClaim(guardName: name, average: rateLimit.surgeAverage, burst: rateLimit.surgeBurst))
                }
            }
            if let maxNodes = runtime.spec.caps.maxNodes, let counted = runtime.latest?.cluster.view.nodes {
                let pools = runtime.spec.actions.nodePools
                if let selector = pools.karpenterNodePoolSelector {
                    karpenter.append(NodeGuard(name: name, selector: selector, maxNodes: maxNodes, countedNodes: counted))
                }
                if let selector = pools.clusterAPIMachineDeploymentSelector {
                    clusterAPI.append(NodeGuard(name: name, selector: selector, maxNodes: maxNodes, countedNodes: counted))
                }
            }
        }
        self.scaledObjects = scaledObjects
    }

    /// The external kinds in the order they are read and written: deny sets first (the
    /// attack's sources), then rate limits, ScaledObjects and the node provisioners.
    static let kinds: [ExternalKind] = Provider.allCases.map(denySetKind) + [.middlewares, .scaledObjects, .nodePools, .machineDeployments]

    /// A deny-list provider as an external kind: its API versions, preferred first.
    static func denySetKind(_ provider: Provider) -> ExternalKind {
        let candidates = DenySetKind.candidates(provider)
        return ExternalKind(key: provider.rawValue, kind: candidates[0].kind, candidates: candidates.map(\.resource), listAll: false)
    }

    static func provider(of kind: ExternalKind) -> Provider? { Provider(rawValue: kind.key) }

    /// Per object guards want something of, those guards: they hear of its failures.
    func claimed(_ kind: ExternalKind) -> [ObjectRef: [String]] {
        if let provider = Self.provider(of: kind) { return denyNamed[provider] ?? [:] }
        switch kind {
        case .middlewares: return rateLimits.mapValues { $0.map(\.guardName) }
        case .scaledObjects: return acting.mapValues { $0.map(\.guardName) }
        default: return [:]
        }
    }

    /// Whether some guard uses the kind (it is read even when CostGuard marked nothing of it).
    func uses(_ kind: ExternalKind) -> Bool {
        if let provider = Self.provider(of: kind) { return !(denyNamed[provider] ?? [:]).isEmpty }
        switch kind {
        case .middlewares: return rateLimitsUsed
        case .scaledObjects: return !acting.isEmpty
        case .nodePools: return !karpenter.isEmpty
        case .machineDeployments: return !clusterAPI.isEmpty
        default: return false
        }
    }

    /// ScaledObject claims that pause or cap something. A claim with neither only matters on a
    /// ScaledObject already marked (a recorded pause running out): it needs no read of its own.
    private var acting: [ObjectRef: [HPAClaim]] {
        scaledObjects.filter { $0.value.contains { $0.pause != nil || $0.ceiling != nil } }
    }
}
