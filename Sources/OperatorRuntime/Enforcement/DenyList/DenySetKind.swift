import CostGuardAPI
import KubeModel

/// Where a deny list lives. Calico's GlobalNetworkSet is served as `projectcalico.org/v3` by the
/// Calico API server and as `crd.projectcalico.org/v1` without it (the same object, one
/// storage); Cilium's CiliumCIDRGroup as `cilium.io/v2alpha1`. Each holds a plain CIDR list.
struct DenySetKind: Sendable, Hashable, CustomStringConvertible {
    var resource: Resource
    var kind: String
    /// The spec field holding the CIDRs.
    var field: String

    static let calico = DenySetKind(
        resource: Resource(group: "projectcalico.org", version: "v3", plural: "globalnetworksets", namespaced: false),
        kind: "GlobalNetworkSet", field: "nets")
    static let calicoCRD = DenySetKind(
        resource: Resource(group: "crd.projectcalico.org", version: "v1", plural: "globalnetworksets", namespaced: false),
        kind: "GlobalNetworkSet", field: "nets")
    static let cilium = DenySetKind(
        resource: Resource(group: "cilium.io", version: "v2alpha1", plural: "ciliumcidrgroups", namespaced: false),
        kind: "CiliumCIDRGroup", field: "externalCIDRs")

    /// The kinds to try for a provider, preferred first.
    static func candidates(_ provider: CostGuardSpec.Actions.DenyList.Provider) -> [DenySetKind] {
        switch provider {
        case .calicoGlobalNetworkSet: [.calico, .calicoCRD]
        case .ciliumCIDRGroup: [.cilium]
        }
    }

    var apiVersion: String { "\(resource.group)/\(resource.version)" }
    var description: String { "\(kind) (\(apiVersion))" }
}
