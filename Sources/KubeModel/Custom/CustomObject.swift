/// Any object kept as untyped JSON: third-party custom resources (Calico, Cilium,
/// Traefik, Karpenter, Cluster API, KEDA) whose fields we touch by path.
package struct CustomObject: Sendable, Hashable {
    package var json: JSONValue

    package init(json: JSONValue) { self.json = json }

    package var apiVersion: String? { json["apiVersion"]?.stringValue }
    package var kind: String? { json["kind"]?.stringValue }
    package var name: String? { json.value(atPath: "metadata.name")?.stringValue }
    package var namespace: String? { json.value(atPath: "metadata.namespace")?.stringValue }
    package var resourceVersion: String? { json.value(atPath: "metadata.resourceVersion")?.stringValue }
    package var labels: [String: String] { json.value(atPath: "metadata.labels")?.stringMap ?? [:] }
    package var annotations: [String: String] { json.value(atPath: "metadata.annotations")?.stringMap ?? [:] }

    /// The typed metadata, read leniently: a member of the wrong type is left out.
    package var metadata: ObjectMeta {
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
    package init(from decoder: any Decoder) throws {
        json = try JSONValue(from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension CustomObject: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        json = try reader.readValue()
    }
}
