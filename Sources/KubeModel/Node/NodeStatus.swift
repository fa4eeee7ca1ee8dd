/// Capacity and allocatable are quantity strings (`"4"`, `"16Gi"`), kept as the API writes them.
public struct NodeStatus: Codable, Sendable, Hashable {
    public var addresses: [NodeAddress]?
    public var capacity: [String: String]?
    public var allocatable: [String: String]?

    public init(addresses: [NodeAddress]? = nil, capacity: [String: String]? = nil, allocatable: [String: String]? = nil) {
        self.addresses = addresses
        self.capacity = capacity
        self.allocatable = allocatable
    }
}
