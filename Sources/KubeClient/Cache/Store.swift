import KubeModel
import Synchronization

/// The in-memory cache a reflector fills. Writers apply watcher events; readers take
/// snapshots, which are cheap (copy-on-write) and never see a half-applied relist.
package final class Store<Object: HasMetadata>: Sendable {
    struct State {
        var objects: [String: Object] = [:]
        var byNamespace: [String: Set<String>] = [:]
        var byLabel: [String: Set<String>] = [:]
        var firstList = FirstListGate()
        /// Objects of a relist in progress; swapped in whole at `initDone`.
        var relist: [String: Object]?
    }

    let state = Mutex(State())

    package init() {}

    package func snapshot() -> StoreSnapshot<Object> {
        state.withLock {
            StoreSnapshot(objects: $0.objects, byNamespace: $0.byNamespace, byLabel: $0.byLabel, isSynced: $0.firstList.isOpen)
        }
    }

    package var isSynced: Bool { state.withLock { $0.firstList.isOpen } }

    /// One object by its cache key, without a snapshot of the rest.
    package func get(_ key: String) -> Object? { state.withLock { $0.objects[key] } }

    /// The cache keys held.
    package var keys: Set<String> { state.withLock { Set($0.objects.keys) } }

    /// Returns once the first list is in (at once if it already is).
    package func waitUntilSynced() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if state.withLock({ $0.firstList.admit(continuation) }) { continuation.resume() }
        }
    }

    package func apply(_ event: WatcherEvent<Object>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            switch event {
            case .initStarted:
                state.relist = [:]
            case .initApply(let object):
                state.relist?[object.cacheKey] = object
            case .initDone:
                // The relist becomes the store as it is: inserting its objects one by one into a
                // new dictionary held two copies of the cluster at once, and regrew it again and again.
                state.objects = state.relist ?? [:]
                state.relist = nil
                state.byNamespace = [:]
                state.byLabel = [:]
                for (key, object) in state.objects { Self.index(object, key: key, into: &state) }
                return state.firstList.open()
            case .apply(let object):
                Self.remove(key: object.cacheKey, from: &state)
                Self.insert(object, into: &state)
            case .delete(let object):
                Self.remove(key: object.cacheKey, from: &state)
            }
            return []
        }
        for waiter in waiters { waiter.resume() }
    }

    static func insert(_ object: Object, into state: inout State) {
        let key = object.cacheKey
        state.objects[key] = object
        index(object, key: key, into: &state)
    }

    static func index(_ object: Object, key: String, into state: inout State) {
        state.byNamespace[object.metadata.namespace ?? "", default: []].insert(key)
        for (label, value) in object.metadata.labels ?? [:] {
            state.byLabel[StoreSnapshot<Object>.labelKey(label, value), default: []].insert(key)
        }
    }

    static func remove(key: String, from state: inout State) {
        guard let old = state.objects.removeValue(forKey: key) else { return }
        state.byNamespace[old.metadata.namespace ?? ""]?.remove(key)
        for (label, value) in old.metadata.labels ?? [:] {
            let indexKey = StoreSnapshot<Object>.labelKey(label, value)
            state.byLabel[indexKey]?.remove(key)
            if state.byLabel[indexKey]?.isEmpty == true { state.byLabel.removeValue(forKey: indexKey) }
        }
    }
}
