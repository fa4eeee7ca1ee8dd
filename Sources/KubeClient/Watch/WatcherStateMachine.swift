import KubeModel

/// The list-then-watch loop as a pure state machine: inputs are what the server
/// answered, outputs are events to yield and the next thing to do. The driver
/// (`Watcher`) only performs requests and sleeps.
///
/// The initial state comes from a streaming list where the server offers one (a watch with
/// `sendInitialEvents=true`: the objects as ADDED events, then a bookmark marked
/// `k8s.io/initial-events-end`), else from paginated lists, as client-go's reflector does.
package struct WatcherStateMachine<Object: HasMetadata>: Sendable {
    package enum Phase: Sendable, Hashable {
        /// Listing; a token means the next page.
        case listing(continueToken: String?)
        /// A streaming list's initial events, before their closing bookmark.
        case streaming
        /// Watching from this resourceVersion.
        case watching(resourceVersion: String)
    }

    package enum Next: Sendable, Hashable {
        case list(continueToken: String?)
        /// Open a streaming list: a watch with `sendInitialEvents=true`.
        case streamList
        case watch(resourceVersion: String)
        /// Read more of the open watch stream.
        case readStream
        /// Back off for this retry number, then call `resume()`.
        case backoff(attempt: Int)
    }

    package struct Step: Sendable {
        package var events: [WatcherEvent<Object>]
        package var next: Next
    }

    package private(set) var phase: Phase
    /// True once the server refused a streaming list, or ended two in a row before their end
    /// bookmark: from then on this watcher lists in pages.
    package private(set) var streamingRefused: Bool
    var failures = 0
    var eventsInStream = 0
    var unfinishedStreams = 0

    package init(initialList: WatcherConfiguration.InitialList = .streamingWithFallback) {
        streamingRefused = initialList == .paginated
        phase = .listing(continueToken: nil)
    }

    package var resourceVersion: String? {
        if case .watching(let version) = phase { return version }
        return nil
    }

    package mutating func start() -> Step {
        relist()
    }

    /// A list page arrived. The first page opens the init frame; the last closes it and
    /// the watch starts from the list's resourceVersion.
    package mutating func listed(_ page: ObjectList<Object>) -> Step {
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

    /// The watch answered 200; its events follow. A streaming list opens the init frame here.
    package mutating func watchOpened() -> Step {
        eventsInStream = 0
        return Step(events: phase == .streaming ? [.initStarted] : [], next: .readStream)
    }

    /// One decoded watch event. The resourceVersion moves only past events handed on,
    /// so a resumed watch neither skips nor repeats one.
    package mutating func received(_ event: WatchEvent<Object>) -> Step {
        eventsInStream += 1
        if phase == .streaming { return receivedInitial(event) }
        switch event {
        case .added(let object), .modified(let object):
            advance(to: object.metadata.resourceVersion)
            return Step(events: [.apply(object)], next: .readStream)
        case .deleted(let object):
            advance(to: object.metadata.resourceVersion)
            return Step(events: [.delete(object)], next: .readStream)
        case .bookmark(let version, _):
            advance(to: version)
            return Step(events: [], next: .readStream)
        case .error(let status):
            return streamError(status)
        }
    }

    /// An event of a streaming list's initial part: objects join the init frame; the end
    /// bookmark closes it and the same stream goes on with changes after its version.
    mutating func receivedInitial(_ event: WatchEvent<Object>) -> Step {
        switch event {
        case .added(let object), .modified(let object):
            return Step(events: [.initApply(object)], next: .readStream)
        case .deleted:
            // The initial events are one snapshot: a deletion inside it is not the protocol.
            // Start over rather than cache an object that is gone.
            failures += 1
            return Step(events: [], next: .backoff(attempt: failures))
        case .bookmark(let version, let end):
            guard end else { return Step(events: [], next: .readStream) }
            failures = 0
            unfinishedStreams = 0
            phase = .watching(resourceVersion: version)
            return Step(events: [.initDone], next: .readStream)
        case .error(let status):
            return streamError(status)
        }
    }

    mutating func streamError(_ status: Status) -> Step {
        if status.code == 410 || status.reason == "Expired" || status.reason == "Gone" {
            return relist()
        }
        failures += 1
        return Step(events: [], next: .backoff(attempt: failures))
    }

    /// The server ended the stream (its timeoutSeconds, or a dropped connection): watch
    /// again from where we are. A stream that ended with nothing in it counts as a
    /// failure, so a server that closes at once is not hammered. A streaming list that
    /// ended before its end bookmark starts over; after two in a row, lists in pages.
    package mutating func streamEnded() -> Step {
        if phase == .streaming {
            unfinishedStreams += 1
            if unfinishedStreams >= 2 { streamingRefused = true }
            failures += 1
            return Step(events: [], next: .backoff(attempt: failures))
        }
        if eventsInStream == 0 {
            failures += 1
            return Step(events: [], next: .backoff(attempt: failures))
        }
        failures = 0
        return Step(events: [], next: resumeNext)
    }

    /// A request failed, or the stream broke mid-way. 410 Gone means our resourceVersion
    /// (or continue token) is too old: list again from scratch. A streaming list that the
    /// server refuses (a 4xx other than 410 and 429: the WatchList feature is off) is not
    /// asked for again: the watcher lists in pages at once.
    package mutating func failed(_ error: KubeError) -> Step {
        if error.isGone { return relist() }
        if phase == .streaming, let status = error.httpStatus, (400..<500).contains(status), status != 429 {
            streamingRefused = true
            return relist()
        }
        failures += 1
        return Step(events: [], next: .backoff(attempt: failures))
    }

    /// After a backoff: retry what failed.
    package mutating func resume() -> Step {
        Step(events: [], next: resumeNext)
    }

    /// What to retry: an initial list starts over (streaming, or in pages once streaming was
    /// refused); a page or a watch goes on from where it was.
    var resumeNext: Next {
        mutating get {
            switch phase {
            case .listing(nil), .streaming: return beginInitialList()
            case .listing(let token): return .list(continueToken: token)
            case .watching(let version): return .watch(resourceVersion: version)
            }
        }
    }

    mutating func relist() -> Step {
        failures = 0
        return Step(events: [], next: beginInitialList())
    }

    mutating func beginInitialList() -> Next {
        if streamingRefused {
            phase = .listing(continueToken: nil)
            return .list(continueToken: nil)
        }
        phase = .streaming
        return .streamList
    }

    mutating func advance(to version: String?) {
        guard case .watching = phase, let version, !version.isEmpty else { return }
        phase = .watching(resourceVersion: version)
    }
}
