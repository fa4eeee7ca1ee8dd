/// coordination.k8s.io/v1 Lease, for leader election. Times are MicroTime strings
/// (RFC 3339 with microseconds).
package struct Lease: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta
    package var spec: LeaseSpec?

    package init(metadata: ObjectMeta, spec: LeaseSpec? = nil) {
        self.apiVersion = "coordination.k8s.io/v1"
        self.kind = "Lease"
        self.metadata = metadata
        self.spec = spec
    }
}

package struct LeaseSpec: Codable, Sendable, Hashable {
    package var holderIdentity: String?
    package var leaseDurationSeconds: Int32?
    package var acquireTime: String?
    package var renewTime: String?
    package var leaseTransitions: Int32?

    package init(holderIdentity: String? = nil, leaseDurationSeconds: Int32? = nil, acquireTime: String? = nil,
                renewTime: String? = nil, leaseTransitions: Int32? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }
}
