package struct NodeAddress: Codable, Sendable, Hashable {
    /// `InternalIP`, `ExternalIP`, `Hostname`, ...
    package var type: String
    package var address: String

    package init(type: String, address: String) {
        self.type = type
        self.address = address
    }
}
