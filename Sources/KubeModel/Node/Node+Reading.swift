/// The focused decoder: reads the fields `Node` keeps and skips images, conditions,
/// managedFields and everything else without building values.
extension Node: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self.init(metadata: ObjectMeta())
        apiVersion = nil
        kind = nil
        try reader.readObject { reader, key in
            if key.matches("metadata") { metadata = try ObjectMeta(reading: &reader) }
            else if key.matches("apiVersion") { apiVersion = try reader.readOptionalString() }
            else if key.matches("kind") { kind = try reader.readOptionalString() }
            else if key.matches("spec") { spec = try NodeSpec(reading: &reader) }
            else if key.matches("status") { status = try NodeStatus(reading: &reader) }
        }
    }
}

extension NodeSpec: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self.init()
        try reader.readObject { reader, key in
            if key.matches("podCIDR") { podCIDR = try reader.readOptionalString() }
            else if key.matches("podCIDRs") { podCIDRs = try reader.readStringArray() }
            else if key.matches("providerID") { providerID = try reader.readOptionalString() }
            else if key.matches("unschedulable") { unschedulable = try reader.readBool() }
        }
    }
}

extension NodeStatus: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self.init()
        try reader.readObject { reader, key in
            if key.matches("capacity") { capacity = try reader.readStringMap() }
            else if key.matches("allocatable") { allocatable = try reader.readStringMap() }
            else if key.matches("addresses") {
                var addresses: [NodeAddress] = []
                try reader.readArray { reader in
                    var type = ""
                    var address = ""
                    try reader.readObject { reader, key in
                        if key.matches("type") { type = try reader.readString() }
                        else if key.matches("address") { address = try reader.readString() }
                    }
                    addresses.append(NodeAddress(type: type, address: address))
                }
                self.addresses = addresses
            }
        }
    }
}
