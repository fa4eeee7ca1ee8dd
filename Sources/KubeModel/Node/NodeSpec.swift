public struct NodeSpec: Codable, Sendable, Hashable {
    public var podCIDR: String?
    public var podCIDRs: [String]?
    public var providerID: String?
    public var unschedulable: Bool?

    public init(podCIDR: String? = nil, podCIDRs: [String]? = nil, providerID: String? = nil, unschedulable: Bool? = nil) {
        self.podCIDR = podCIDR
        self.podCIDRs = podCIDRs
        self.providerID = providerID
        self.unschedulable = unschedulable
    }
}
