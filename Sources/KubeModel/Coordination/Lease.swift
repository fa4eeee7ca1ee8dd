/// coordination.k8s.io/v1 Lease, for leader election. Times are MicroTime strings
/// (RFC 3339 with microseconds).
public struct Lease: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: LeaseSpec?

    public init(metadata: ObjectMeta, spec: LeaseSpec? = nil) {
        self.apiVersion = "coordination.k8s.io/v1"
        self.kind = "Lease"
        self.metadata = metadata
        self.spec = spec
    }
}

public struct LeaseSpec: Codable, Sendable, Hashable {
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int32?
    public var acquireTime: String?
    public var renewTime: String?
    public var leaseTransitions: Int32?

    public init(holderIdentity: String? = nil, leaseDurationSeconds: Int32? = nil, acquireTime: String? = nil,
                renewTime: String? = nil, leaseTransitions: Int32? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }
}
