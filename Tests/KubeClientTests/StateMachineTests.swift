import KubeClient
import KubeModel
import Testing

@Suite struct StateMachineTests {
    func node(_ name: String, _ version: String) -> Node {
        Node(metadata: ObjectMeta(name: name, resourceVersion: version))
    }

    @Test func listsInPagesThenWatchesFromTheListVersion() {
        var machine = WatcherStateMachine<Node>(initialList: .paginated)
        #expect(machine.start().next == .list(continueToken: nil))
        let first = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10", continue: "t1"), items: [node("a", "5")]))
        #expect(first.next == .list(continueToken: "t1"))
        #expect(first.events.count == 2)  // initStarted, initApply(a)
        let last = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10"), items: [node("b", "6")]))
        #expect(last.next == .watch(resourceVersion: "10"))
        #expect(last.events.count == 2)  // initApply(b), initDone
    }

    @Test func watchAdvancesAndResumesFromTheLastSeenVersion() {
        var machine = WatcherStateMachine<Node>(initialList: .paginated)
        _ = machine.start()
        _ = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10"), items: []))
        _ = machine.watchOpened()
        #expect(machine.received(.added(node("a", "11"))).next == .readStream)
        #expect(machine.received(.bookmark(resourceVersion: "15")).events.isEmpty)
        #expect(machine.streamEnded().next == .watch(resourceVersion: "15"))
        // A broken connection backs off, then resumes from the same place.
        _ = machine.watchOpened()
        #expect(machine.failed(KubeError(code: .transport, message: "reset")).next == .backoff(attempt: 1))
        #expect(machine.resume().next == .watch(resourceVersion: "15"))
        // An empty stream counts as a failure so a server that closes at once is not hammered.
        _ = machine.watchOpened()
        #expect(machine.streamEnded().next == .backoff(attempt: 2))
    }

    @Test(arguments: [
        KubeError(code: .api, message: "gone", httpStatus: 410),
        KubeError(code: .api, message: "expired", status: Status(reason: "Expired", code: 410)),
    ])
    func goneRelists(error: KubeError) {
        var machine = WatcherStateMachine<Node>(initialList: .paginated)
        _ = machine.start()
        _ = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10"), items: []))
        #expect(machine.failed(error).next == .list(continueToken: nil))
        #expect(machine.phase == .listing(continueToken: nil))
    }

    @Test func goneErrorEventRelists() {
        var machine = WatcherStateMachine<Node>(initialList: .paginated)
        _ = machine.start()
        _ = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "10"), items: []))
        _ = machine.watchOpened()
        #expect(machine.received(.error(Status(reason: "Expired", code: 410))).next == .list(continueToken: nil))
        let relisted = machine.listed(ObjectList(metadata: ListMeta(resourceVersion: "20"), items: [node("a", "19")]))
        #expect(relisted.events.count == 3)  // a new init frame
    }

    @Test func lineSplitterJoinsChunks() throws {
        var splitter = LineSplitter()
        #expect(try splitter.feed(Array("{\"a\":".utf8)).isEmpty)
        let lines = try splitter.feed(Array("1}\n{\"b\":2}\n{\"c\"".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\"")
        var bounded = LineSplitter(maxLineBytes: 4)
        #expect(throws: LineSplitter.LineTooLong.self) { try bounded.feed(Array("123456".utf8)) }
    }

    @Test func retryPolicyDecisions() {
        let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(5))
        #expect(policy.decide(.answered(status: 429, retryAfterSeconds: 2), attempt: 1, idempotent: false) == .retry(after: .seconds(2)))
        #expect(policy.decide(.answered(status: 429, retryAfterSeconds: 60), attempt: 1, idempotent: true) == .retry(after: .seconds(5)))
        #expect(policy.decide(.answered(status: 500, retryAfterSeconds: nil), attempt: 1, idempotent: true) == .retryWithBackoff(attempt: 1))
        #expect(policy.decide(.answered(status: 500, retryAfterSeconds: nil), attempt: 1, idempotent: false) == .stop)
        #expect(policy.decide(.answered(status: 409, retryAfterSeconds: nil), attempt: 1, idempotent: true) == .stop)
        #expect(policy.decide(.unanswered, attempt: 3, idempotent: true) == .stop)
    }

    @Test func backoffGrowsWithJitterAndCaps() {
        let backoff = Backoff(base: .milliseconds(100), cap: .seconds(1))
        #expect(backoff.delay(attempt: 1, unit: 0) == .milliseconds(50))
        #expect(backoff.delay(attempt: 1, unit: 1) == .milliseconds(100))
        #expect(backoff.delay(attempt: 3, unit: 0.5) == .milliseconds(300))
        #expect(backoff.delay(attempt: 30, unit: 1) == .seconds(1))
    }

    @Test func requestsAreBuiltAsTheAPIExpects() {
        let list = APIRequest.list(.horizontalPodAutoscalers, namespace: "shop",
                                   options: ListOptions(labelSelector: "a=b,c in (d)", limit: 5, continueToken: "x/y"))
        #expect(list.target == "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?labelSelector=a%3Db%2Cc%20in%20%28d%29&limit=5&continue=x%2Fy")
        let status = APIRequest.patch(.costGuards, name: "shop", namespace: nil, subresource: "status",
                                      patch: .merge(["status": ["phase": "Normal"]]), fieldManager: "costguard")
        #expect(status.target == "/apis/costguard.dev/v1alpha1/costguards/shop/status?fieldManager=costguard")
        #expect(status.contentType == "application/merge-patch+json")
        let watch = APIRequest.watch(.nodes, namespace: nil, options: WatchOptions(resourceVersion: "7", timeoutSeconds: 300))
        #expect(watch.target == "/api/v1/nodes?watch=true&resourceVersion=7&timeoutSeconds=300&allowWatchBookmarks=true")
    }
}
