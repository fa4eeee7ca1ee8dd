import KubeClient
import KubeModel
import Synchronization

/// The operator's view of the cluster: a reflector per kind (CostGuards, Nodes, HPAs,
/// Namespaces), each a list-then-watch into a store. Nothing here polls: after the first
/// list, only watch events change the stores. Nodes, the most numerous, are kept as the
/// little the guards read of them (`NodeCache`).
package final class ClusterCache: Sendable {
    package let guards = Store<CustomObject>()
    /// Each node's labels, price group and ranges, and the counts per guard selector.
    package let nodes = NodeCache()
    package let hpas = Store<HorizontalPodAutoscaler>()
    package let namespaces = Store<Namespace>()
    /// Queues a CostGuard's reconcile when it changes, by name (nodes and HPAs are read when a
    /// guard evaluates; a relist's deletions are found by the enforcer's resync).
    let guardChanged: @Sendable (String) -> Void
    private let versions = Mutex<[String: Int64]>([:])
    private let changes = Mutex<[String: Int]>([:])
    /// Each reflector's contact with the API server; `resource` is the staleness metric's label.
    let guardsHealth = WatchHealth(resource: "costguards")
    let nodesHealth = WatchHealth(resource: "nodes")
    let hpasHealth = WatchHealth(resource: "horizontalpodautoscalers")
    let namespacesHealth = WatchHealth(resource: "namespaces")
    var health: [WatchHealth] { [guardsHealth, nodesHealth, hpasHealth, namespacesHealth] }
    /// Past this without contact a cache is stale (`WatcherConfiguration.staleAfter`).
    package let staleAfter: Double

    init(guardChanged: @escaping @Sendable (String) -> Void, staleAfter: Duration = WatcherConfiguration().staleAfter) {
        self.guardChanged = guardChanged
        self.staleAfter = WatchHealth.seconds(staleAfter)
    }

    package var isSynced: Bool { guards.isSynced && nodes.isSynced && hpas.isSynced && namespaces.isSynced }

    /// Seconds since each reflector last heard from the API server (0 while its watch is open).
    package func staleness() -> [String: Double] {
        Dictionary(uniqueKeysWithValues: health.map { ($0.resource, $0.staleness()) })
    }

    /// `/readyz`: synced, and no cache stale past `staleAfter`; else why not, naming the caches.
    package func readiness() -> (ready: Bool, reason: String) {
        guard isSynced else { return (false, "caches not synced yet") }
        let stale = staleness().filter { $0.value > staleAfter }.sorted { $0.key < $1.key }
        guard stale.isEmpty else {
            return (false, "caches stale past \(Int(staleAfter)) s (the API server is not answering): "
                + stale.map { "\($0.key) \(Int($0.value)) s" }.joined(separator: ", "))
        }
        return (true, "")
    }

    package func waitUntilSynced() async {
        await guards.waitUntilSynced()
        await nodes.waitUntilSynced()
        await hpas.waitUntilSynced()
        await namespaces.waitUntilSynced()
    }

    /// Runs the four reflectors until the task is cancelled.
    func run(client: Client, watch: WatcherConfiguration) async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await Reflector(watcher: client.watcher(.costGuards, configuration: watch, as: .json)
                    .reporting(to: self.guardsHealth), store: self.guards)
                    .run { [self] event in
                        self.note(event, kind: "costguards")
                        switch event {
                        case .apply(let object), .delete(let object), .initApply(let object):
                            self.guardChanged(object.metadata.name ?? "")
                        case .initStarted, .initDone: break
                        }
                    }
            }
            group.addTask {
                // A reflector whose store keeps only a node's facts; the decoded Node is let go.
                for await event in client.watcher(.nodes, configuration: watch, as: .readable(Node.self)).reporting(to: self.nodesHealth) {
                    self.nodes.apply(event)
                    self.note(event, kind: "nodes")
                }
            }
            group.addTask {
                await Reflector(watcher: client.watcher(.horizontalPodAutoscalers, configuration: watch,
                                                        as: .codable(HorizontalPodAutoscaler.self))
                    .reporting(to: self.hpasHealth), store: self.hpas)
                    .run { [self] event in self.note(event, kind: "hpas") }
            }
            group.addTask {
                await Reflector(watcher: client.watcher(.namespaces, configuration: watch, as: .codable(Namespace.self))
                    .reporting(to: self.namespacesHealth), store: self.namespaces)
                    .run { [self] event in self.note(event, kind: "namespaces") }
            }
        }
    }

    /// The highest resourceVersion each reflector has applied, so a simulation can wait until
    /// the operator has seen its writes before the next evaluation.
    package func observedVersion(_ kind: String) -> Int64 { versions.withLock { $0[kind] ?? 0 } }

    /// How many watch events a reflector has applied: unchanged means its store is unchanged,
    /// so what was computed from it still holds.
    package func changeCount(_ kind: String) -> Int { changes.withLock { $0[kind] ?? 0 } }

    private func note<Object: HasMetadata>(_ event: WatcherEvent<Object>, kind: String) {
        changes.withLock { $0[kind, default: 0] += 1 }
        let object: Object
        switch event {
        case .apply(let changed), .delete(let changed), .initApply(let changed): object = changed
        case .initStarted, .initDone: return
        }
        guard let version = object.metadata.resourceVersion.flatMap({ Int64($0) }) else { return }
        versions.withLock { $0[kind] = max($0[kind] ?? 0, version) }
    }
}
