/// What a watcher yields, in the kube-rs style: a (re)list is framed by `initStarted`
/// and `initDone` so a cache can swap in the new state whole; after that, single changes.
package enum WatcherEvent<Object> {
    case initStarted
    case initApply(Object)
    case initDone
    case apply(Object)
    case delete(Object)
}

extension WatcherEvent: Sendable where Object: Sendable {}
extension WatcherEvent: Equatable where Object: Equatable {}
