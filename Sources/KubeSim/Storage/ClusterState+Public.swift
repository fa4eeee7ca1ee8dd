import KubeModel

/// Direct access for tests and for the demo's simulated controllers, without HTTP.
extension ClusterState {
    package func resourceType(group: String, version: String, plural: String) -> ResourceType? {
        type(group: group, version: version, plural: plural)
    }

    /// The object, or nil when there is none.
    package func object(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue? {
        do {
            return try get(type, namespace: namespace, name: name).value
        } catch let failure as APIFailure where failure.code == 404 {
            return nil
        }
    }

    /// Every object of a type, in one namespace or in all, in key order.
    package func objects(_ type: ResourceType, namespace: String? = nil) -> [JSONValue] {
        let stored = state.withLock { state in
            (state.objects[type.storageKey] ?? [:]).sorted { $0.key < $1.key }
                .filter { namespace == nil || $0.value.namespace == namespace }.map(\.value.value)
        }
        let form = type.servedForm
        return stored.map { form.served($0) }
    }

    /// Deletes as DELETE does; with finalizers the object stays, marked for deletion.
    @discardableResult
    package func delete(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue {
        try delete(type, namespace: namespace, name: name, preconditions: (nil, nil)).value
    }
}
