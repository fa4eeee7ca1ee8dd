import KubeClient
import KubeModel
import Testing

/// The watcher's streaming list (`sendInitialEvents=true`) and its fallback to pages, without sockets.
@Suite struct StreamingListStateTests {
    func node(_ name: String, _ version: String) -> Node {
        Node(metadata: ObjectMeta(name: name, resourceVersion: version))
    }

    @Test func initialEventsFrameTheStateAndTheSameStreamGoesOn() {
        var machine = WatcherStateMachine<Node>()
        #expect(machine.start().next == .streamList)
        #expect(machine.phase == .streaming)
        #expect(machine.watchOpened().events == [.initStarted])
        #expect(machine.received(.added(node("a", "5"))).events == [.initApply(node("a", "5"))])
        // A plain bookmark inside the initial events is no end.
        #expect(machine.received(.bookmark(resourceVersion: "6")).events.isEmpty)
        #expect(machine.received(.added(node("b", "7"))).events == [.initApply(node("b", "7"))])
        let end = machine.received(.bookmark(resourceVersion: "9", initialEventsEnd: true))
        #expect(end.events == [.initDone])
        #expect(end.next == .readStream)
        #expect(machine.phase == .watching(resourceVersion: "9"))
        // Changes after the end are changes, and the resume point moves with them.
        #expect(machine.received(.modified(node("a", "10"))).events == [.apply(node("a", "10"))])
        #expect(machine.streamEnded().next == .watch(resourceVersion: "10"))
    }

    @Test(arguments: [400, 403, 422])
    func aRefusedStreamingListFallsBackToPagesForGood(status: Int) {
        var machine = WatcherStateMachine<Node>()
        _ = machine.start()
        let refused = machine.failed(KubeError(code: .api, message: "refused", httpStatus: status))
        #expect(refused.next == .list(continueToken: nil))
        #expect(machine.streamingRefused)
        let listed = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10"), items: [node("a", "5")]))
        #expect(listed.events == [.initStarted, .initApply(node("a", "5")), .initDone])
        // A later 410 relists in pages too: the server said no once.
        _ = machine.watchOpened()
        #expect(machine.received(.error(Status(reason: "Expired", code: 410))).next == .list(continueToken: nil))
    }

    @Test(arguments: [429, 500, 503])
    func aFailingServerIsRetriedWithAStreamingList(status: Int) {
        var machine = WatcherStateMachine<Node>()
        _ = machine.start()
        #expect(machine.failed(KubeError(code: .api, message: "busy", httpStatus: status)).next == .backoff(attempt: 1))
        #expect(!machine.streamingRefused)
        #expect(machine.resume().next == .streamList)
        #expect(machine.watchOpened().events == [.initStarted])
    }

    @Test func goneDuringTheInitialEventsStartsAnotherStreamingList() {
        var machine = WatcherStateMachine<Node>()
        _ = machine.start()
        _ = machine.watchOpened()
        _ = machine.received(.added(node("a", "5")))
        #expect(machine.received(.error(Status(reason: "Expired", code: 410))).next == .streamList)
        // The new stream opens a new init frame, which a store takes as a fresh start.
        #expect(machine.watchOpened().events == [.initStarted])
    }

    @Test func twoStreamsEndingBeforeTheirEndBookmarkFallBackToPages() {
        var machine = WatcherStateMachine<Node>()
        _ = machine.start()
        _ = machine.watchOpened()
        _ = machine.received(.added(node("a", "5")))
        #expect(machine.streamEnded().next == .backoff(attempt: 1))
        #expect(machine.resume().next == .streamList)
        _ = machine.watchOpened()
        #expect(machine.streamEnded().next == .backoff(attempt: 2))
        #expect(machine.streamingRefused)
        #expect(machine.resume().next == .list(continueToken: nil))
        #expect(machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "8"), items: [])).events == [.initStarted, .initDone])
    }

    @Test func aDeletionInsideTheInitialEventsStartsOver() {
        var machine = WatcherStateMachine<Node>()
        _ = machine.start()
        _ = machine.watchOpened()
        #expect(machine.received(.deleted(node("a", "5"))).next == .backoff(attempt: 1))
        #expect(machine.resume().next == .streamList)
    }

    @Test func paginatedConfigurationNeverStreams() {
        var machine = WatcherStateMachine<Node>(initialList: .paginated)
        #expect(machine.start().next == .list(continueToken: nil))
        #expect(machine.streamingRefused)
    }

    @Test func theEndBookmarkDecodesFromTheServersLine() throws {
        let line = #"{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"42","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}}}}"#
        #expect(try WatchEvent<Node>(line: Array(line.utf8)) == .bookmark(resourceVersion: "42", initialEventsEnd: true))
        let plain = #"{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"43"}}}"#
        #expect(try WatchEvent<Node>(line: Array(plain.utf8)) == .bookmark(resourceVersion: "43"))
    }
}
