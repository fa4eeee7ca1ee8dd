import KubeModel

/// A minimal OpenAPI v3 index: per group-version, one PATCH operation per kind that
/// declares the `fieldValidation` parameter. That is what kubectl checks to leave
/// validation to the server instead of downloading full schemas; KubeSim itself does
/// not validate against schemas.
enum OpenAPI {
    static func root(_ types: [ResourceType]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for type in types {
            let path = type.group.isEmpty ? "api/\(type.version)" : "apis/\(type.group)/\(type.version)"
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=kubesim")]
        }
        return ["paths": .object(paths)]
    }

    static func groupVersion(group: String, version: String, types: [ResourceType]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for type in types where type.group == group && type.version == version {
            let base = type.group.isEmpty ? "/api/\(type.version)" : "/apis/\(type.group)/\(type.version)"
            let path = type.namespaced ? "\(base)/namespaces/{namespace}/\(type.plural)/{name}" : "\(base)/\(type.plural)/{name}"
            paths[path] = ["patch": [
                "operationId": .string("patch\(type.kind)"),
                "x-kubernetes-group-version-kind": ["group": .string(type.group), "version": .string(type.version),
                                                    "kind": .string(type.kind)],
                "x-kubernetes-action": "patch",
                "parameters": [
                    ["name": "fieldValidation", "in": "query", "schema": ["type": "string"], "uniqueItems": true],
                    ["name": "fieldManager", "in": "query", "schema": ["type": "string"], "uniqueItems": true],
                ],
                "responses": ["200": ["description": "OK"]],
            ]]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.33.0-kubesim"],
                "paths": .object(paths), "components": ["schemas": [:]]]
    }
}
