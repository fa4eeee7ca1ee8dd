import KubeModel

/// The list-then-watch loop as a pure state machine: inputs are what the server
/// answered, outputs are events to yield and the next thing to do. The driver
/// (`Watcher`) only performs requests and sleeps.
public struct WatcherStateMachine<Object: HasMetadata>: Sendable {
    public enum Phase: Sendable, Hashable {
        /// Listing; a token means the next page.
        case listing(continueToken: String?)
        /// Watching from this resourceVersion.
        case watching(resourceVersion: String)
    }

    public enum Next: Sendable, Hashable {
        case list(continueToken: String?)
        case watch(resourceVersion: String)
        /// Read more of the open watch stream.
        case readStream
        /// Back off for this retry number, then call `resume()`.
        case backoff(attempt: Int)
    }

    public struct Step: Sendable {
        public var events: [WatcherEvent<Object>]
        public var next: Next
    }

    public private(set) var phase: Phase = .listing(continueToken: nil)
    var failures = 0
    var eventsInStream = 0

    public init() {}

    public var resourceVersion: String? {
        if case .watching(let version) = phase { return version }
        return nil
    }

    public mutating func start() -> Step {
        phase = .listing(continueToken: nil)
        return Step(events: [], next: .list(continueToken: nil))
    }

    /// A list page arrived. The first page opens the init frame; the last closes it and
    /// the watch starts from the list's resourceVersion.
    public mutating func listed(_ page: ObjectList<Object>) -> Step {
        var events: [WatcherEvent<Object>] = []
        if case .listing(nil) = phase { events.append(.initStarted) }
        events += page.items.map { .initApply($0) }
        failures = 0
        if let token = page.metadata.continue, !token.isEmpty {
            phase = .listing(continueToken: token)
            return Step(events: events, next: .list(continueToken: token))
        }
        events.append(.initDone)
        let version = page.metadata.resourceVersion ?? ""
        phase = .watching(resourceVersion: version)
        return Step(events: events, next: .watch(resourceVersion: version))
    }

    /// The watch answered 200; its events follow.
    public mutating func watchOpened() -> Step {
        eventsInStream = 0
        return Step(events: [], next: .readStream)
    }

    /// One decoded watch event. The resourceVersion moves only past events handed on,
    /// so a resumed watch neither skips nor repeats one.
    public mutating func received(_ event: WatchEvent<Object>) -> Step {
        eventsInStream += 1
        switch event {
        case .added(let object), .modified(let object):
            advance(to: object.metadata.resourceVersion)
            return Step(events: [.apply(object)], next: .readStream)
        case .deleted(let object):
            advance(to: object.metadata.resourceVersion)
            return Step(events: [.delete(object)], next: .readStream)
        case .bookmark(let version):
            advance(to: version)
            return Step(events: [], next: .readStream)
        case .error(let status):
            if status.code == 410 || status.reason == "Expired" || status.reason == "Gone" {
                return relist()
            }
            failures += 1
            return Step(events: [], next: .backoff(attempt: failures))
        }
    }

    /// The server ended the stream (its timeoutSeconds, or a dropped connection): watch
    /// again from where we are. A stream that ended with nothing in it counts as a
    /// failure, so a server that closes at once is not hammered.
    public mutating func streamEnded() -> Step {
        if eventsInStream == 0 {
            failures += 1
            return Step(events: [], next: .backoff(attempt: failures))
        }
        failures = 0
        return Step(events: [], next: resumeNext)
    }

    /// A request failed, or the stream broke mid-way. 410 Gone means our resourceVersion
    /// (or continue token) is too old: list again from scratch.
    public mutating func failed(_ error: KubeError) -> Step {
        if error.isGone { return relist() }
        failures += 1
        return Step(events: [], next: .backoff(attempt: failures))
    }

    /// After a backoff: retry what failed.
    public mutating func resume() -> Step {
        Step(events: [], next: resumeNext)
    }

    var resumeNext: Next {
        switch phase {
        case .listing(let token): return .list(continueToken: token)
        case .watching(let version): return .watch(resourceVersion: version)
        }
    }

    mutating func relist() -> Step {
        phase = .listing(continueToken: nil)
        failures = 0
        return Step(events: [], next: .list(continueToken: nil))
    }

    mutating func advance(to version: String?) {
        guard case .watching = phase, let version, !version.isEmpty else { return }
        phase = .watching(resourceVersion: version)
    }
}
