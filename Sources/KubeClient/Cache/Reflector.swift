import KubeModel

/// Keeps a `Store` in step with the API: list+watch through a `Watcher`, each event
/// applied to the store. `run()` returns when its task is cancelled.
package struct Reflector<Object: HasMetadata>: Sendable {
    package let store: Store<Object>
    let watcher: Watcher<Object>

    package init(watcher: Watcher<Object>, store: Store<Object> = Store()) {
        self.watcher = watcher
        self.store = store
    }

    package init(client: Client, resource: Resource, namespace: String? = nil,
                configuration: WatcherConfiguration = WatcherConfiguration(), codec: ObjectCodec<Object>) {
        self.init(watcher: client.watcher(resource, namespace: namespace, configuration: configuration, as: codec))
    }

    /// `onEvent` sees each event after the store has it (to wake a reconcile loop, say).
    package func run(onEvent: @Sendable (WatcherEvent<Object>) -> Void = { _ in }) async {
        for await event in watcher {
            store.apply(event)
            onEvent(event)
        }
    }
}
