import KubeModel

/// Direct access for tests and for the demo's simulated controllers, without HTTP.
extension ClusterState {
    public func resourceType(group: String, version: String, plural: String) -> ResourceType? {
        type(group: group, version: version, plural: plural)
    }

    /// The object, or nil when there is none.
    public func object(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue? {
        do {
            return try get(type, namespace: namespace, name: name).value
        } catch let failure as APIFailure where failure.code == 404 {
            return nil
        }
    }

    /// Deletes as DELETE does; with finalizers the object stays, marked for deletion.
    @discardableResult
    public func delete(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue {
        try delete(type, namespace: namespace, name: name, preconditions: (nil, nil)).value
    }
}
