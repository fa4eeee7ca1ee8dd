import Foundation
import KubeModel
import Synchronization

/// Everything the simulated API server holds: the objects, one global resourceVersion,
/// the recent history that watches resume from, open watches, injected faults and the
/// request log. One lock guards it all; watch streams are fed under the lock so no
/// change can slip between a watch's replay and its live events.
package final class ClusterState: Sendable {
    struct State {
        var resourceVersion: Int64 = 1
        var types: [ResourceKey: ResourceType] = [:]
        /// Each CRD's compiled schemas, by the resource it serves.
        var schemas: [ResourceKey: CRDSchemas] = [:]
        var objects: [ResourceKey: [String: StoredObject]] = [:]
        var history: [HistoryEntry] = []
        /// Watches asking for a resourceVersion below this get 410 Gone.
        var oldestRetained: Int64 = 1
        var watches: [UInt64: WatchRegistration] = [:]
        var nextWatchID: UInt64 = 0
        var faults: [Fault] = []
        var requests: [RecordedRequest] = []
        var orphanedWatches: [AsyncStream<WatchFrame>.Continuation] = []
        /// Token to user while RBAC is on (`enableRBAC`); nil while it is off.
        var rbacUsers: [String: RBACUser]?
        var rbacDenials: [RBACDenial] = []
        /// The WatchList feature (on by default since Kubernetes 1.32): watches with
        /// `sendInitialEvents=true`. Off, they are refused with the real server's 422.
        var servesStreamingLists = true
        var marksInitialEventsEnd = true
    }

    let state = Mutex(State())
    /// How many changes are kept for resuming watches; older resourceVersions get 410.
    package let historyLimit: Int
    let now: @Sendable () -> Date

    package init(historyLimit: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) {
        self.historyLimit = historyLimit
        self.now = now
        state.withLock { state in
            for type in ResourceType.builtIn { state.types[type.key] = type }
        }
        for namespace in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            let object: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)],
                                     "status": ["phase": "Active"]]
            do {
                _ = try create(type(group: "", plural: "namespaces")!, namespace: nil, body: object)
            } catch {
                preconditionFailure("seeding namespace \(namespace) failed: \(error)")
            }
        }
    }

    // MARK: Test and demo controls

    /// The current global resourceVersion.
    package var resourceVersion: Int64 { state.withLock { $0.resourceVersion } }

    /// Every request served so far, for RBAC coverage checks.
    package var requests: [RecordedRequest] { state.withLock { $0.requests } }

    package func clearRequests() { state.withLock { $0.requests = [] } }

    package func inject(_ fault: Fault) { state.withLock { $0.faults.append(fault) } }

    /// Removes the faults not yet used up.
    package func clearFaults() { state.withLock { $0.faults.removeAll() } }

    /// Whether watches may ask for a streaming list (`sendInitialEvents=true`); turn off to be a
    /// server with the WatchList feature gate off.
    package var servesStreamingLists: Bool {
        get { state.withLock { $0.servesStreamingLists } }
        set { state.withLock { $0.servesStreamingLists = newValue } }
    }

    /// Whether a streaming list ends its current state with the `k8s.io/initial-events-end`
    /// bookmark; turn off to be a server (or a proxy in front of one) that drops it, which a
    /// client must not wait on forever.
    package var marksInitialEventsEnd: Bool {
        get { state.withLock { $0.marksInitialEventsEnd } }
        set { state.withLock { $0.marksInitialEventsEnd = newValue } }
    }

    /// Cuts every open watch connection mid-stream, as a network failure would; `midEvent`
    /// first sends the start of an event line that never ends, as a connection cut inside one.
    package func dropWatches(midEvent: Bool = false) {
        let open = state.withLock { state -> [AsyncStream<WatchFrame>.Continuation] in
            defer { state.watches = [:] }
            return state.watches.values.map(\.continuation)
        }
        for continuation in open {
            if midEvent { continuation.yield(.line(Array(#"{"type":"MODIFIED","object":{"kind":"No"#.utf8))) }
            continuation.yield(.drop)
            continuation.finish()
        }
    }

    /// Forgets the change history, so any watch resuming from before now gets 410 Gone.
    package func compactHistory() {
        state.withLock { state in
            state.history = []
            state.oldestRetained = state.resourceVersion + 1
        }
    }

    /// The number of open watches (to wait for a client to reconnect).
    package var openWatches: Int { state.withLock { $0.watches.count } }

    func record(_ request: RecordedRequest) -> Fault.Effect? {
        state.withLock { state in
            state.requests.append(request)
            guard let index = state.faults.firstIndex(where: { $0.matches(request) }) else { return nil }
            state.faults[index].remaining -= 1
            let effect = state.faults[index].effect
            if state.faults[index].remaining <= 0 { state.faults.remove(at: index) }
            return effect
        }
    }

    // MARK: Types

    func type(group: String, plural: String) -> ResourceType? {
        state.withLock { $0.types[ResourceKey(group: group, plural: plural)] }
    }

    func type(group: String, version: String, plural: String) -> ResourceType? {
        state.withLock { state in
            guard var type = state.types[ResourceKey(group: group, plural: plural)] else { return nil }
            if type.version != version {
                // A CRD may serve several versions; the sim stores one copy for all of them.
                guard crdVersions(state, type).contains(version) else { return nil }
                type.version = version
            }
            return type
        }
    }

    var allTypes: [ResourceType] {
        state.withLock { state in
            state.types.values.flatMap { type in
                crdVersions(state, type).map { version in
                    var copy = type
                    copy.version = version
                    return copy
                }
            }
        }
    }

    func crdVersions(_ state: State, _ type: ResourceType) -> [String] {
        guard let crd = state.objects[ResourceKey(group: "apiextensions.k8s.io", plural: "customresourcedefinitions")]?[
            "\(type.plural).\(type.group)"] else { return [type.version] }
        let versions = crd.value.value(atPath: "spec.versions")?.arrayValue?.compactMap { version -> String? in
            guard version["served"]?.boolValue ?? true else { return nil }
            return version["name"]?.stringValue
        } ?? []
        return versions.isEmpty ? [type.version] : versions
    }

    // MARK: Helpers shared by reads and writes

    static func storeKey(namespace: String?, name: String) -> String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name)" }
        return name
    }

    func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now())
    }
}
