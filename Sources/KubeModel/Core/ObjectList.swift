/// A list response: `items` plus the list's resourceVersion and `continue` token.
package struct ObjectList<Item> {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ListMeta
    package var items: [Item]

    package init(apiVersion: String? = nil, kind: String? = nil, metadata: ListMeta = ListMeta(), items: [Item]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
}

extension ObjectList: Sendable where Item: Sendable {}
extension ObjectList: Equatable where Item: Equatable {}
enum ObjectListCodingKeys: String, CodingKey { case apiVersion, kind, metadata, items }

extension ObjectList: Encodable where Item: Encodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ObjectListCodingKeys.self)
        try container.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(items, forKey: .items)
    }
}

extension ObjectList: Decodable where Item: Decodable {

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ObjectListCodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // Go encodes an empty slice as null in some paths.
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}
