/// Any object kept as untyped JSON: third-party custom resources (Calico, Cilium,
/// Traefik, Karpenter, Cluster API, KEDA) whose fields we touch by path.
public struct CustomObject: Sendable, Hashable {
    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    public var apiVersion: String? { json["apiVersion"]?.stringValue }
    public var kind: String? { json["kind"]?.stringValue }
    public var name: String? { json.value(atPath: "metadata.name")?.stringValue }
    public var namespace: String? { json.value(atPath: "metadata.namespace")?.stringValue }
    public var resourceVersion: String? { json.value(atPath: "metadata.resourceVersion")?.stringValue }
    public var labels: [String: String] { json.value(atPath: "metadata.labels")?.stringMap ?? [:] }
    public var annotations: [String: String] { json.value(atPath: "metadata.annotations")?.stringMap ?? [:] }

    /// The typed metadata, read leniently: a member of the wrong type is left out.
    public var metadata: ObjectMeta {
        let meta = json["metadata"]
        return ObjectMeta(
            name: meta?["name"]?.stringValue, namespace: meta?["namespace"]?.stringValue,
            uid: meta?["uid"]?.stringValue, resourceVersion: meta?["resourceVersion"]?.stringValue,
            generation: meta?["generation"]?.intValue, creationTimestamp: meta?["creationTimestamp"]?.stringValue,
            deletionTimestamp: meta?["deletionTimestamp"]?.stringValue, labels: meta?["labels"]?.stringMap,
            annotations: meta?["annotations"]?.stringMap,
            finalizers: meta?["finalizers"]?.arrayValue?.compactMap(\.stringValue))
    }
}

extension CustomObject: HasMetadata {}

extension CustomObject: Codable {
    public init(from decoder: any Decoder) throws {
        json = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension CustomObject: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        json = try reader.readValue()
    }
}
