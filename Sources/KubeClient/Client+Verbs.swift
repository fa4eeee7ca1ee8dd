import Foundation
import KubeModel

extension Client {
    package func get<Object>(_ resource: Resource, name: String, namespace: String? = nil, subresource: String? = nil,
                            as codec: ObjectCodec<Object>) async throws -> Object {
        let response = try await send(.get(resource, name: name, namespace: namespace, subresource: subresource))
        return try decoding("\(resource) \(name)") { try codec.decodeObject(response.body) }
    }

    package func get<Object: Decodable & Sendable>(_ resource: Resource, name: String, namespace: String? = nil,
                                                  as type: Object.Type) async throws -> Object {
        try await get(resource, name: name, namespace: namespace, as: .codable(type))
    }

    /// One page; follow `metadata.continue` for the next, or use `listAll`.
    package func list<Object>(_ resource: Resource, namespace: String? = nil, options: ListOptions = ListOptions(),
                             as codec: ObjectCodec<Object>) async throws -> ObjectList<Object> {
        let response = try await send(.list(resource, namespace: namespace, options: options))
        return try decoding("\(resource) list") { try codec.decodeList(response.body) }
    }

    /// Every page, joined; the result carries the last page's resourceVersion.
    package func listAll<Object>(_ resource: Resource, namespace: String? = nil, options: ListOptions = ListOptions(),
                                as codec: ObjectCodec<Object>) async throws -> ObjectList<Object> {
        var options = options
        var items: [Object] = []
        while true {
            let page = try await list(resource, namespace: namespace, options: options, as: codec)
            items += page.items
            guard let token = page.metadata.continue, !token.isEmpty else {
                return ObjectList(apiVersion: page.apiVersion, kind: page.kind,
                                  metadata: ListMeta(resourceVersion: page.metadata.resourceVersion), items: items)
            }
            options.continueToken = token
        }
    }

    package func create<Object>(_ resource: Resource, namespace: String? = nil, body: some Encodable,
                               fieldManager: String? = nil, as codec: ObjectCodec<Object>) async throws -> Object {
        let bytes = try encoding(body)
        let response = try await send(.create(resource, namespace: namespace, body: bytes, fieldManager: fieldManager))
        return try decoding("created \(resource)") { try codec.decodeObject(response.body) }
    }

    /// PUT: replaces the object (or its status). Prefer `patch`: a replace drops fields
    /// the body's type does not know.
    package func replace<Object>(_ resource: Resource, name: String, namespace: String? = nil, subresource: String? = nil,
                                body: some Encodable, fieldManager: String? = nil,
                                as codec: ObjectCodec<Object>) async throws -> Object {
        let bytes = try encoding(body)
        let response = try await send(.replace(resource, name: name, namespace: namespace, subresource: subresource,
                                               body: bytes, fieldManager: fieldManager))
        return try decoding("replaced \(resource) \(name)") { try codec.decodeObject(response.body) }
    }

    /// Merge, JSON or strategic merge patch; `subresource: "status"` patches the status.
    package func patch<Object>(_ resource: Resource, name: String, namespace: String? = nil, subresource: String? = nil,
                              _ patch: PatchBody, fieldManager: String? = nil,
                              as codec: ObjectCodec<Object>) async throws -> Object {
        let response = try await send(.patch(resource, name: name, namespace: namespace, subresource: subresource,
                                             patch: patch, fieldManager: fieldManager))
        return try decoding("patched \(resource) \(name)") { try codec.decodeObject(response.body) }
    }

    /// Writes the difference between two versions of a typed object as a merge patch, so
    /// fields the type does not model are left as they are on the server. With
    /// `guardResourceVersion`, the patch carries the original's resourceVersion and the
    /// server answers 409 if the object changed since it was read.
    package func update<Value: Encodable & HasMetadata, Object>(
        _ resource: Resource, from original: Value, to modified: Value, subresource: String? = nil,
        guardResourceVersion: Bool = true, fieldManager: String? = nil, as codec: ObjectCodec<Object>
    ) async throws -> Object {
        var patch = JSONValue.mergePatch(from: try encodingValue(original), to: try encodingValue(modified))
        if guardResourceVersion, let version = original.metadata.resourceVersion {
            var metadata = patch["metadata"]?.objectValue ?? [:]
            metadata["resourceVersion"] = .string(version)
            patch["metadata"] = .object(metadata)
        }
        return try await self.patch(resource, name: original.metadata.name ?? "", namespace: original.metadata.namespace,
                                    subresource: subresource, .merge(patch), fieldManager: fieldManager, as: codec)
    }

    /// Deletes; with `resourceVersion`, only if the object still has it.
    package func delete(_ resource: Resource, name: String, namespace: String? = nil,
                       resourceVersion: String? = nil) async throws {
        _ = try await send(.delete(resource, name: name, namespace: namespace, resourceVersion: resourceVersion))
    }

    func encoding(_ body: some Encodable) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(body))
        } catch {
            throw KubeError(code: .decoding, message: "cannot encode the request body", cause: error)
        }
    }

    func encodingValue(_ body: some Encodable) throws -> JSONValue {
        let bytes = try encoding(body)
        return try decoding("the request body") { try JSONValue(parsing: bytes) }
    }
}
