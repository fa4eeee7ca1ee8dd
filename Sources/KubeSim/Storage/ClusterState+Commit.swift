import KubeModel

extension ClusterState {
    /// Stores a change under the next resourceVersion, keeps it in the history and feeds
    /// the watches it matches. Runs under the lock; returns watches that overflowed, to be
    /// cut once the lock is released.
    func commit(_ state: inout State, _ type: ResourceType, key: String, value: JSONValue, old: StoredObject?,
                eventType: String) -> (StoredObject, [AsyncStream<WatchFrame>.Continuation]) {
        state.resourceVersion += 1
        var value = value
        var metadata = value["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = .string(String(state.resourceVersion))
        value["metadata"] = .object(metadata)
        let stored = StoredObject(value, resourceVersion: state.resourceVersion)
        let storageKey = type.storageKey
        if eventType == "DELETED" {
            state.objects[storageKey]?[key] = nil
        } else {
            state.objects[storageKey, default: [:]][key] = stored
        }
        state.history.append(HistoryEntry(resourceVersion: state.resourceVersion, key: storageKey, type: eventType,
                                          object: stored))
        if state.history.count > historyLimit {
            state.history.removeFirst(state.history.count - historyLimit)
            state.oldestRetained = state.history.first?.resourceVersion ?? state.resourceVersion
        }
        var overflowed: [AsyncStream<WatchFrame>.Continuation] = []
        for (id, watch) in state.watches where watch.key == storageKey {
            guard let line = Self.watchLine(for: watch, type: eventType, object: stored, old: old) else { continue }
            if case .dropped = watch.continuation.yield(.line(line)) {
                // A consumer this far behind is cut off, as the real server does; it resumes
                // from its last resourceVersion and loses nothing.
                state.watches[id] = nil
                overflowed.append(watch.continuation)
            }
        }
        return (stored, overflowed)
    }

    /// With a selector, an object that starts or stops matching is ADDED or DELETED for
    /// that watch, as the real server's filtered watches do.
    static func watchLine(for watch: WatchRegistration, type: String, object: StoredObject, old: StoredObject?) -> [UInt8]? {
        let matchesNow = watch.matches(object)
        let matchedBefore = old.map(watch.matches) ?? false
        switch type {
        case "MODIFIED":
            if matchesNow && matchedBefore { return watch.line(type: "MODIFIED", object: object) }
            if matchesNow { return watch.line(type: "ADDED", object: object) }
            if matchedBefore { return watch.line(type: "DELETED", object: object) }
            return nil
        default:
            return matchesNow ? watch.line(type: type, object: object) : nil
        }
    }

    func finish(_ continuations: [AsyncStream<WatchFrame>.Continuation]) {
        let orphaned = state.withLock { state in
            defer { state.orphanedWatches = [] }
            return state.orphanedWatches
        }
        for continuation in orphaned { continuation.finish() }
        for continuation in continuations {
            continuation.yield(.drop)
            continuation.finish()
        }
    }
}
