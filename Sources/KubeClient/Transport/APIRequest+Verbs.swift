import KubeModel

/// The request for each verb. Pure, so the exact paths and queries are testable without a server.
extension APIRequest {
    package static func get(_ resource: Resource, name: String, namespace: String?, subresource: String? = nil) -> APIRequest {
        APIRequest(method: .get, path: resource.path(namespace: namespace, name: name, subresource: subresource))
    }

    package static func list(_ resource: Resource, namespace: String?, options: ListOptions) -> APIRequest {
        APIRequest(method: .get, path: resource.path(namespace: namespace), query: options.query)
    }

    package static func watch(_ resource: Resource, namespace: String?, options: WatchOptions) -> APIRequest {
        APIRequest(method: .get, path: resource.path(namespace: namespace), query: options.query)
    }

    package static func create(_ resource: Resource, namespace: String?, body: [UInt8], fieldManager: String?) -> APIRequest {
        APIRequest(method: .post, path: resource.path(namespace: namespace),
                   query: fieldManager.map { [("fieldManager", $0)] } ?? [], body: body, contentType: "application/json")
    }

    package static func replace(_ resource: Resource, name: String, namespace: String?, subresource: String? = nil,
                               body: [UInt8], fieldManager: String?) -> APIRequest {
        APIRequest(method: .put, path: resource.path(namespace: namespace, name: name, subresource: subresource),
                   query: fieldManager.map { [("fieldManager", $0)] } ?? [], body: body, contentType: "application/json")
    }

    package static func patch(_ resource: Resource, name: String, namespace: String?, subresource: String? = nil,
                             patch: PatchBody, fieldManager: String?) -> APIRequest {
        APIRequest(method: .patch, path: resource.path(namespace: namespace, name: name, subresource: subresource),
                   query: fieldManager.map { [("fieldManager", $0)] } ?? [], body: patch.bytes, contentType: patch.contentType)
    }

    /// With `resourceVersion`, the delete happens only if the object is unchanged (409 otherwise).
    package static func delete(_ resource: Resource, name: String, namespace: String?, resourceVersion: String?) -> APIRequest {
        var body: [UInt8]?
        if let resourceVersion {
            let options: JSONValue = ["apiVersion": "v1", "kind": "DeleteOptions",
                                      "preconditions": ["resourceVersion": .string(resourceVersion)]]
            body = options.serialized()
        }
        return APIRequest(method: .delete, path: resource.path(namespace: namespace, name: name), body: body,
                          contentType: body == nil ? nil : "application/json")
    }
}
