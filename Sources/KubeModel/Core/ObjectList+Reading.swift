extension ObjectList: JSONReadable where Item: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self.init(items: [])
        try reader.readObject { reader, key in
            if key.matches("apiVersion") { apiVersion = try reader.readOptionalString() }
            else if key.matches("kind") { kind = try reader.readOptionalString() }
            else if key.matches("metadata") {
                try reader.readObject { reader, key in
                    if key.matches("resourceVersion") { metadata.resourceVersion = try reader.readOptionalString() }
                    else if key.matches("continue") { metadata.continue = try reader.readOptionalString() }
                    else if key.matches("remainingItemCount") { metadata.remainingItemCount = try reader.readInt() }
                }
            } else if key.matches("items") {
                try reader.readArray { reader in items.append(try Item(reading: &reader)) }
            }
        }
    }
}
