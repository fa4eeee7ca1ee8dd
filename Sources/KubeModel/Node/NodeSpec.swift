package struct NodeSpec: Codable, Sendable, Hashable {
    package var podCIDR: String?
    package var podCIDRs: [String]?
    package var providerID: String?
    package var unschedulable: Bool?

    package init(podCIDR: String? = nil, podCIDRs: [String]? = nil, providerID: String? = nil, unschedulable: Bool? = nil) {
        self.podCIDR = podCIDR
        self.podCIDRs = podCIDRs
        self.providerID = providerID
        self.unschedulable = unschedulable
    }
}
