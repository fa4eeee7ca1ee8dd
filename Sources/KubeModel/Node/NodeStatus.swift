/// Capacity and allocatable are quantity strings (`"4"`, `"16Gi"`), kept as the API writes them.
package struct NodeStatus: Codable, Sendable, Hashable {
    package var addresses: [NodeAddress]?
    package var capacity: [String: String]?
    package var allocatable: [String: String]?

    package init(addresses: [NodeAddress]? = nil, capacity: [String: String]? = nil, allocatable: [String: String]? = nil) {
        self.addresses = addresses
        self.capacity = capacity
        self.allocatable = allocatable
    }
}
