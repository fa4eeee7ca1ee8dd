import KubeModel

/// The discovery documents kubectl reads to map kinds to resources. Aggregated
/// discovery is not served: kubectl falls back to these when the answer is plain JSON.
enum Discovery {
    static func version() -> JSONValue {
        ["major": "1", "minor": "33", "gitVersion": "v1.33.0-kubesim", "gitCommit": "kubesim", "gitTreeState": "clean",
         "buildDate": "2026-01-01T00:00:00Z", "goVersion": "none", "compiler": "swift", "platform": "linux/amd64"]
    }

    static func coreVersions(serverAddress: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    static func groups(_ types: [ResourceType]) -> JSONValue {
        var byGroup: [String: [String]] = [:]
        for type in types where !type.group.isEmpty {
            if !(byGroup[type.group] ?? []).contains(type.version) { byGroup[type.group, default: []].append(type.version) }
        }
        return ["kind": "APIGroupList", "apiVersion": "v1",
                "groups": .array(byGroup.keys.sorted().map { group(name: $0, versions: byGroup[$0]!.sorted()) })]
    }

    static func group(name: String, versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(name), "versions": .array(entries),
                "preferredVersion": entries.first ?? .null]
    }

    static func resources(group: String, version: String, types: [ResourceType]) -> JSONValue {
        var resources: [JSONValue] = []
        for type in types where type.group == group && type.version == version {
            resources.append([
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "shortNames": .array(type.shortNames.map { .string($0) }),
                "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
            ])
            if type.hasStatus {
                resources.append(["name": .string("\(type.plural)/status"), "singularName": "",
                                  "namespaced": .bool(type.namespaced), "kind": .string(type.kind),
                                  "verbs": ["get", "patch", "update"]])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1",
                "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources)]
    }
}
