import KubeModel

extension ClusterState {
    static let crdKey = ResourceKey(group: "apiextensions.k8s.io", plural: "customresourcedefinitions")

    /// Checks a CRD and sets the status the real server sets once names are accepted. Its
    /// schemas are compiled here, once: rules that do not compile and defaults that their own
    /// schema or rules refuse make the CRD invalid, as on a real server.
    func acceptCRD(_ value: JSONValue) throws -> (JSONValue, CRDSchemas) {
        let crdType = ResourceType.builtIn.first { $0.key == Self.crdKey }!
        let name = value.value(atPath: "metadata.name")?.stringValue ?? ""
        guard let group = value.value(atPath: "spec.group")?.stringValue,
              let plural = value.value(atPath: "spec.names.plural")?.stringValue,
              value.value(atPath: "spec.names.kind")?.stringValue != nil else {
            throw APIFailure.invalid(crdType, name, field: "spec", "Required value: group, names.plural and names.kind are required")
        }
        guard name == "\(plural).\(group)" else {
            throw APIFailure.invalid(crdType, name, field: "metadata.name", "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group")
        }
        guard let versions = value.value(atPath: "spec.versions")?.arrayValue, !versions.isEmpty else {
            throw APIFailure.invalid(crdType, name, field: "spec.versions", "Required value: must have exactly one version marked as storage version")
        }
        let (schemas, errors) = CRDSchemas.compile(value)
        if !errors.isEmpty { throw APIFailure.invalid(crdType, name, errors) }
        var result = value
        let stamp = timestamp()
        result["status"] = [
            "acceptedNames": value.value(atPath: "spec.names") ?? [:],
            "storedVersions": .array(versions.filter { $0["storage"]?.boolValue == true }.compactMap { $0["name"] }),
            "conditions": [
                ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                 "message": "no conflicts found", "lastTransitionTime": .string(stamp)],
                ["type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                 "message": "the initial names have been accepted", "lastTransitionTime": .string(stamp)],
            ],
        ]
        return (result, schemas)
    }

    /// Serves the CRD's resource from now on.
    func register(_ state: inout State, crd value: JSONValue, schemas: CRDSchemas) throws {
        guard let group = value.value(atPath: "spec.group")?.stringValue,
              let plural = value.value(atPath: "spec.names.plural")?.stringValue,
              let kind = value.value(atPath: "spec.names.kind")?.stringValue else { return }
        let versions = value.value(atPath: "spec.versions")?.arrayValue ?? []
        let storage = versions.first { $0["storage"]?.boolValue == true } ?? versions.first
        let version = storage?["name"]?.stringValue ?? "v1"
        let type = ResourceType(
            group: group, version: version, plural: plural,
            singular: value.value(atPath: "spec.names.singular")?.stringValue ?? kind.lowercased(), kind: kind,
            namespaced: value.value(atPath: "spec.scope")?.stringValue != "Cluster",
            shortNames: value.value(atPath: "spec.names.shortNames")?.arrayValue?.compactMap(\.stringValue) ?? [],
            hasStatus: storage?.value(atPath: "subresources.status") != nil, tracksGeneration: true)
        state.types[type.key] = type
        state.schemas[type.key] = schemas
    }
}
