import Foundation
import KubeModel

extension ClusterState {
    package enum PatchType: Sendable {
        case merge, json
        /// Strategic merge patch is served as a merge patch (directives such as
        /// `$setElementOrder` are dropped): right for the kinds the sim serves, whose
        /// lists CostGuard replaces whole.
        case strategicMerge
    }

    /// Creates an object, as POST does.
    @discardableResult
    package func create(_ type: ResourceType, namespace: String?, body: JSONValue) throws -> JSONValue {
        try create(type, namespace: namespace, body: body, dryRun: false).value
    }

    func create(_ type: ResourceType, namespace: String?, body: JSONValue, dryRun: Bool,
                fieldValidation: String? = nil) throws -> StoredObject {
        guard case .object = body else { throw APIFailure.badRequest("the body must be a JSON object") }
        var value = type.servedForm.storable(body)
        var metadata = value["metadata"]?.objectValue ?? [:]
        var name = metadata["name"]?.stringValue ?? ""
        if name.isEmpty, let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty {
            name = Self.generatedName(prefix: prefix)
        }
        if !name.isEmpty { metadata["name"] = .string(name) }
        if type.namespaced {
            let bodyNamespace = metadata["namespace"]?.stringValue
            guard let namespace = namespace ?? bodyNamespace else {
                throw APIFailure.badRequest("the namespace of the object is not set")
            }
            if let bodyNamespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
                throw APIFailure.badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            metadata["namespace"] = .string(namespace)
        } else {
            metadata["namespace"] = nil
        }
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(timestamp())
        metadata["resourceVersion"] = nil
        metadata["deletionTimestamp"] = nil
        if type.tracksGeneration { metadata["generation"] = 1 }
        value["metadata"] = .object(metadata)
        if value["apiVersion"] == nil { value["apiVersion"] = .string(type.apiVersion) }
        if value["kind"] == nil { value["kind"] = .string(type.kind) }
        if type.hasStatus, !ResourceType.builtIn.contains(where: { $0.key == type.key }) {
            // Custom resources with a status subresource ignore status on create.
            value["status"] = nil
        }
        if type.key == ResourceKey(group: "", plural: "namespaces") { value["status"] = ["phase": "Active"] }
        try ObjectValidation.checkCreate(type, value)
        var crdSchemas = CRDSchemas()
        if type.key == Self.crdKey { (value, crdSchemas) = try acceptCRD(value) }
        try HPAValidation.check(type, value, name: name)
        try EndpointSliceValidation.check(type, value, old: nil, name: name)
        let key = Self.storeKey(namespace: metadata["namespace"]?.stringValue, name: name)
        let (stored, overflowed) = try state.withLock { state -> (StoredObject, [AsyncStream<WatchFrame>.Continuation]) in
            if type.namespaced, let namespace = metadata["namespace"]?.stringValue,
               state.objects[ResourceKey(group: "", plural: "namespaces")]?[namespace] == nil {
                throw APIFailure(code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
                                 details: StatusDetails(name: namespace, kind: "namespaces"))
            }
            if state.objects[type.storageKey]?[key] != nil { throw APIFailure.alreadyExists(type, name) }
            if let schemas = state.schemas[type.key] {
                value = try schemas.admit(value, old: nil, version: type.version, type: type, name: name,
                                          strict: fieldValidation == "Strict")
            }
            if dryRun { return (StoredObject(value, resourceVersion: 0), []) }
            if type.key == Self.crdKey { try register(&state, crd: value, schemas: crdSchemas) }
            return commit(&state, type, key: key, value: value, old: nil, eventType: "ADDED")
        }
        finish(overflowed)
        return type.servedForm.served(stored)
    }

    /// Replaces an object (PUT), or its status with `subresource: "status"`.
    func replace(_ type: ResourceType, namespace: String?, name: String, subresource: String?,
                 body: JSONValue, fieldValidation: String? = nil) throws -> StoredObject {
        guard case .object = body else { throw APIFailure.badRequest("the body must be a JSON object") }
        return try modify(type, namespace: namespace, name: name, subresource: subresource,
                          fieldValidation: fieldValidation) { _ in body }
    }

    /// Patches an object or its status.
    package func patch(_ type: ResourceType, namespace: String?, name: String, subresource: String? = nil,
                      patchType: PatchType, patch: JSONValue) throws -> JSONValue {
        try patchStored(type, namespace: namespace, name: name, subresource: subresource, patchType: patchType, patch: patch).value
    }

    func patchStored(_ type: ResourceType, namespace: String?, name: String, subresource: String?,
                     patchType: PatchType, patch: JSONValue, fieldValidation: String? = nil) throws -> StoredObject {
        let operations: [JSONPatchOperation]?
        if case .json = patchType {
            do {
                operations = try JSONPatchOperation.operations(from: patch)
            } catch {
                throw APIFailure.badRequest("invalid JSON patch: \(error)")
            }
        } else {
            operations = nil
        }
        return try modify(type, namespace: namespace, name: name, subresource: subresource,
                          fieldValidation: fieldValidation) { current in
            switch patchType {
            case .merge: return current.applyingMergePatch(patch)
            case .strategicMerge: return current.applyingMergePatch(Self.droppingDirectives(patch))
            case .json:
                do {
                    return try current.applyingJSONPatch(operations ?? [])
                } catch let error as JSONError where error.code == .testFailed {
                    // The real server answers a failed `test` op with 422 Invalid.
                    throw APIFailure(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error.message)")
                } catch {
                    throw APIFailure(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
                }
            }
        }
    }

    /// The shared read-modify-write: preconditions, status/spec split, generation,
    /// finalizers and no-op detection, all under the lock.
    func modify(_ type: ResourceType, namespace: String?, name: String, subresource: String?,
                fieldValidation: String? = nil, change: (JSONValue) throws -> JSONValue) throws -> StoredObject {
        if let subresource, subresource != "status" {
            throw APIFailure.pathNotFound
        }
        if subresource == "status", !type.hasStatus { throw APIFailure.pathNotFound }
        let key = Self.storeKey(namespace: type.namespaced ? namespace : nil, name: name)
        let (stored, overflowed) = try state.withLock { state -> (StoredObject, [AsyncStream<WatchFrame>.Continuation]) in
            guard let old = state.objects[type.storageKey]?[key] else { throw APIFailure.notFound(type, name) }
            // The change applies to the object as this API serves it.
            let form = type.servedForm
            let result = try change(form.served(old.value))
            guard case .object = result else { throw APIFailure.badRequest("the result must be a JSON object") }
            let changed = form.storable(result)
            if let version = changed.value(atPath: "metadata.resourceVersion")?.stringValue, !version.isEmpty,
               version != String(old.resourceVersion) {
                throw APIFailure.conflict(type, name)
            }
            var value: JSONValue
            if subresource == "status" {
                value = old.value
                value["status"] = changed["status"]
            } else {
                value = changed
                if type.hasStatus { value["status"] = old.value["status"] }
            }
            try ObjectValidation.checkUpdate(type, value, old: old.value, name: name, namespace: namespace)
            if let schemas = state.schemas[type.key] {
                // The whole object is validated, on /status too (where only status changed).
                value = try schemas.admit(value, old: old.value, version: type.version, type: type, name: name,
                                          strict: fieldValidation == "Strict")
            }
            value = Self.keepingImmutableMetadata(value, from: old.value, type: type)
            var crdSchemas = CRDSchemas()
            if type.key == Self.crdKey { (value, crdSchemas) = try acceptCRD(value) }
            try HPAValidation.check(type, value, name: name)
            try EndpointSliceValidation.check(type, value, old: old.value, name: name)
            if Self.withoutVersion(value) == Self.withoutVersion(old.value) { return (old, []) }
            let finalizers = value.value(atPath: "metadata.finalizers")?.arrayValue ?? []
            if value.value(atPath: "metadata.deletionTimestamp") != nil, finalizers.isEmpty {
                // The last finalizer is gone from an object being deleted: it goes now.
                removeDependents(&state, of: type, value: old.value)
                return commit(&state, type, key: key, value: value, old: old, eventType: "DELETED")
            }
            if type.key == Self.crdKey { try register(&state, crd: value, schemas: crdSchemas) }
            return commit(&state, type, key: key, value: value, old: old, eventType: "MODIFIED")
        }
        finish(overflowed)
        return type.servedForm.served(stored)
    }

    /// Deletes, honouring finalizers (the object stays, with deletionTimestamp set, until
    /// they are removed) and preconditions on resourceVersion and uid.
    func delete(_ type: ResourceType, namespace: String?, name: String,
                preconditions: (resourceVersion: String?, uid: String?)) throws -> StoredObject {
        let key = Self.storeKey(namespace: type.namespaced ? namespace : nil, name: name)
        let stamp = timestamp()
        let (stored, overflowed) = try state.withLock { state -> (StoredObject, [AsyncStream<WatchFrame>.Continuation]) in
            guard let old = state.objects[type.storageKey]?[key] else { throw APIFailure.notFound(type, name) }
            if let version = preconditions.resourceVersion, version != String(old.resourceVersion) {
                throw APIFailure(code: 409, reason: "Conflict",
                                 message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the ResourceVersion in the precondition (\(version)) does not match the ResourceVersion in record (\(old.resourceVersion)). The object might have been modified",
                                 details: StatusDetails(name: name, group: type.group, kind: type.plural))
            }
            if let uid = preconditions.uid, uid != old.value.value(atPath: "metadata.uid")?.stringValue {
                throw APIFailure(code: 409, reason: "Conflict",
                                 message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the UID in the precondition (\(uid)) does not match the UID in record. The object might have been deleted and then recreated",
                                 details: StatusDetails(name: name, group: type.group, kind: type.plural))
            }
            let finalizers = old.value.value(atPath: "metadata.finalizers")?.arrayValue ?? []
            if !finalizers.isEmpty {
                if old.value.value(atPath: "metadata.deletionTimestamp") != nil { return (old, []) }
                var value = old.value
                var metadata = value["metadata"]?.objectValue ?? [:]
                metadata["deletionTimestamp"] = .string(stamp)
                metadata["deletionGracePeriodSeconds"] = 0
                value["metadata"] = .object(metadata)
                return commit(&state, type, key: key, value: value, old: old, eventType: "MODIFIED")
            }
            removeDependents(&state, of: type, value: old.value)
            return commit(&state, type, key: key, value: old.value, old: old, eventType: "DELETED")
        }
        finish(overflowed)
        return type.servedForm.served(stored)
    }

    /// Deleting a CRD removes its objects; deleting a namespace removes what is in it.
    /// (The real server does both in the background, through finalizers.)
    func removeDependents(_ state: inout State, of type: ResourceType, value: JSONValue) {
        if type.key == Self.crdKey {
            guard let group = value.value(atPath: "spec.group")?.stringValue,
                  let plural = value.value(atPath: "spec.names.plural")?.stringValue else { return }
            let key = ResourceKey(group: group, plural: plural)
            state.objects[key] = nil
            state.types[key] = nil
            state.schemas[key] = nil
            for (id, watch) in state.watches where watch.key == key {
                // Finished once the lock is released: finishing runs the stream's termination handler.
                state.orphanedWatches.append(watch.continuation)
                state.watches[id] = nil
            }
        } else if type.key == ResourceKey(group: "", plural: "namespaces"), let namespace = value.value(atPath: "metadata.name")?.stringValue {
            for (resource, objects) in state.objects {
                state.objects[resource] = objects.filter { $0.value.namespace != namespace }
            }
        }
    }

    /// As upstream's `SimpleNameGenerator`: the prefix cut to 58 bytes, then 5 characters
    /// from an alphabet without vowels (so no words) and without look-alike digits.
    static func generatedName(prefix: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        let base = prefix.utf8.count > 58 ? String(decoding: prefix.utf8.prefix(58), as: UTF8.self) : prefix
        return base + String((0..<5).map { _ in alphabet.randomElement()! })
    }

    static func keepingImmutableMetadata(_ value: JSONValue, from old: JSONValue, type: ResourceType) -> JSONValue {
        var value = value
        var metadata = value["metadata"]?.objectValue ?? [:]
        let oldMetadata = old["metadata"]?.objectValue ?? [:]
        for field in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            metadata[field] = oldMetadata[field]
        }
        if type.tracksGeneration, specPart(value) != specPart(old) {
            metadata["generation"] = .int((oldMetadata["generation"]?.intValue ?? 0) + 1)
        }
        value["metadata"] = .object(metadata)
        if value["apiVersion"] == nil { value["apiVersion"] = old["apiVersion"] }
        if value["kind"] == nil { value["kind"] = old["kind"] }
        return value
    }

    /// Everything but metadata and status: what a generation counts.
    static func specPart(_ value: JSONValue) -> JSONValue {
        var copy = value
        copy["metadata"] = nil
        copy["status"] = nil
        copy["apiVersion"] = nil
        copy["kind"] = nil
        return copy
    }

    static func withoutVersion(_ value: JSONValue) -> JSONValue {
        var copy = value
        var metadata = copy["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = nil
        copy["metadata"] = .object(metadata)
        return copy
    }

    /// Removes strategic-merge directives (`$patch`, `$setElementOrder/...`, `$retainKeys`,
    /// `$deleteFromPrimitiveList/...`) so the rest applies as a merge patch.
    static func droppingDirectives(_ patch: JSONValue) -> JSONValue {
        switch patch {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, value) in members where !key.hasPrefix("$") { kept[key] = droppingDirectives(value) }
            return .object(kept)
        case .array(let elements): return .array(elements.map(droppingDirectives))
        default: return patch
        }
    }
}
