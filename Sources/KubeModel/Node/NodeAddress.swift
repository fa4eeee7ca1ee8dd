public struct NodeAddress: Codable, Sendable, Hashable {
    /// `InternalIP`, `ExternalIP`, `Hostname`, ...
    public var type: String
    public var address: String

    public init(type: String, address: String) {
        self.type = type
        self.address = address
    }
}
