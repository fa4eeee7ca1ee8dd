import KubeModel

extension ClusterState {
    /// Opens a watch. Without a resourceVersion (or with "0") it starts with an ADDED
    /// event per current object; with one, it replays the retained changes after it, or
    /// sends a single ERROR event with a 410 Status when that version is no longer kept.
    /// A streaming list (`initialEvents`) starts with an ADDED event per current object, at
    /// least as new as the version asked for, then (with bookmarks on) the bookmark marked
    /// `k8s.io/initial-events-end` at the current version, as the watch cache serves it.
    func watch(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?, fieldSelector: FieldSelector?,
               resourceVersion: String?, initialEvents: Bool = false,
               bookmarks: Bool = false) throws -> (id: UInt64, stream: AsyncStream<WatchFrame>) {
        let (stream, continuation) = AsyncStream.makeStream(of: WatchFrame.self, bufferingPolicy: .bufferingOldest(100_000))
        let form = type.servedForm
        let registration = WatchRegistration(key: type.storageKey, form: form, namespace: type.namespaced ? namespace : nil,
                                             labelSelector: labelSelector,
                                             fieldSelector: try fieldSelector.map { selector throws(APIFailure) in
                                                 try form.storedSelector(selector)
                                             },
                                             continuation: continuation)
        let start: Int64?
        if let resourceVersion, !resourceVersion.isEmpty, resourceVersion != "0" {
            guard let parsed = Int64(resourceVersion) else {
                throw APIFailure.badRequest("invalid resource version: \(resourceVersion)")
            }
            start = parsed
        } else {
            start = nil
        }
        let (id, expired) = try state.withLock { state throws(APIFailure) -> (UInt64, Bool) in
            if initialEvents {
                if let start, start > state.resourceVersion {
                    throw APIFailure(code: 504, reason: "Timeout",
                                     message: "Too large resource version: \(start), current: \(state.resourceVersion)",
                                     details: StatusDetails(retryAfterSeconds: 1), retryAfterSeconds: 1)
                }
                Self.yieldCurrentObjects(of: registration, from: state, to: continuation)
                if bookmarks && state.marksInitialEventsEnd {
                    let object = "{\"kind\":\"\(type.kind)\",\"apiVersion\":\"\(type.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(state.resourceVersion)\",\"annotations\":{\"\(WatchEvent<JSONValue>.initialEventsEndAnnotation)\":\"true\"}}}"
                    continuation.yield(.line(WatchRegistration.line(type: "BOOKMARK", object: Array(object.utf8))))
                }
            } else if let start {
                if start < state.oldestRetained - 1 {
                    let status = Status(message: "too old resource version: \(start) (\(state.oldestRetained - 1))",
                                        reason: "Expired", code: 410)
                    let body = (try? JSONValue(encoding: status))?.serialized() ?? []
                    continuation.yield(.line(WatchRegistration.line(type: "ERROR", object: body)))
                    return (0, true)
                }
                for entry in state.history where entry.key == registration.key && entry.resourceVersion > start {
                    if let line = Self.watchLine(for: registration, type: entry.type, object: entry.object, old: nil) {
                        continuation.yield(.line(line))
                    }
                }
            } else {
                Self.yieldCurrentObjects(of: registration, from: state, to: continuation)
            }
            state.nextWatchID += 1
            state.watches[state.nextWatchID] = registration
            return (state.nextWatchID, false)
        }
        if expired {
            continuation.finish()
            return (0, stream)
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watches.removeValue(forKey: id) }
        }
        return (id, stream)
    }

    static func yieldCurrentObjects(of registration: WatchRegistration, from state: State,
                                    to continuation: AsyncStream<WatchFrame>.Continuation) {
        let objects = state.objects[registration.key] ?? [:]
        for key in objects.keys.sorted() {
            let object = objects[key]!
            if registration.matches(object) {
                continuation.yield(.line(registration.line(type: "ADDED", object: object)))
            }
        }
    }

    /// Queues a BOOKMARK with the current resourceVersion. It goes through the same
    /// stream as events, so it never overtakes an event it claims to follow.
    func bookmark(watch id: UInt64, type: ResourceType) {
        state.withLock { state in
            guard let watch = state.watches[id] else { return }
            let object = "{\"kind\":\"\(type.kind)\",\"apiVersion\":\"\(type.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(state.resourceVersion)\"}}"
            _ = watch.continuation.yield(.line(WatchRegistration.line(type: "BOOKMARK", object: Array(object.utf8))))
        }
    }

    /// Ends a watch cleanly (its timeoutSeconds ran out).
    func endWatch(_ id: UInt64) {
        let continuation = state.withLock { $0.watches.removeValue(forKey: id)?.continuation }
        continuation?.finish()
    }
}
