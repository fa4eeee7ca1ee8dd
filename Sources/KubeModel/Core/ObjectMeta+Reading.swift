extension ObjectMeta: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self.init()
        try reader.readObject { reader, key in
            if key.matches("name") { name = try reader.readOptionalString() }
            else if key.matches("namespace") { namespace = try reader.readOptionalString() }
            else if key.matches("uid") { uid = try reader.readOptionalString() }
            else if key.matches("resourceVersion") { resourceVersion = try reader.readOptionalString() }
            else if key.matches("generation") { generation = try reader.readInt() }
            else if key.matches("creationTimestamp") { creationTimestamp = try reader.readOptionalString() }
            else if key.matches("deletionTimestamp") { deletionTimestamp = try reader.readOptionalString() }
            else if key.matches("labels") { labels = try reader.readStringMap() }
            else if key.matches("annotations") { annotations = try reader.readStringMap() }
            else if key.matches("finalizers") { finalizers = try reader.readStringArray() }
        }
    }
}
