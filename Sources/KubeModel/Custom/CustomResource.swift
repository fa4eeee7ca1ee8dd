/// The envelope of a custom resource whose spec and status are typed elsewhere
/// (CostGuardAPI plugs in CostGuard's). Writes should go through merge patches so
/// that fields these types do not know survive.
package struct CustomResource<Spec: Sendable, ResourceStatus: Sendable>: Sendable {
    package var apiVersion: String
    package var kind: String
    package var metadata: ObjectMeta
    package var spec: Spec?
    package var status: ResourceStatus?

    package init(apiVersion: String, kind: String, metadata: ObjectMeta, spec: Spec? = nil, status: ResourceStatus? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension CustomResource: Equatable where Spec: Equatable, ResourceStatus: Equatable {}
extension CustomResource: Hashable where Spec: Hashable, ResourceStatus: Hashable {}
extension CustomResource: Codable where Spec: Codable, ResourceStatus: Codable {}
