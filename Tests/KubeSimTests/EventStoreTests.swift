import Foundation
import KubeModel
@testable import KubeSim
import Testing

/// core/v1 and events.k8s.io/v1 Events through the router: one store, so whatever is written
/// through one API is read, selected, watched, patched and deleted through the other, with one
/// resourceVersion.
@Suite struct EventStoreTests {
    static let coreEvents = "/api/v1/namespaces/default/events"
    static let eventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events"

    /// An Event shaped as OperatorRuntime's EventRecorder writes it.
    static func recorded(uid: String, note: String = "paused scale-up", eventTime: String = "2026-03-02T08:00:00.123000Z") -> JSONValue {
        ["apiVersion": "events.k8s.io/v1", "kind": "Event",
         "metadata": ["generateName": "shop-", "namespace": "default", "labels": ["team": "a"]],
         "eventTime": .string(eventTime), "reportingController": "costguard.dev/operator", "reportingInstance": "pod-1",
         "action": "Pause", "reason": "SurgePaused", "type": "Normal", "note": .string(note),
         "regarding": ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "name": "shop", "uid": .string(uid)]]
    }

    /// A core/v1 Event as client-go's older recorder writes it.
    static let legacy: JSONValue = [
        "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "default"],
        "involvedObject": ["apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "namespace": "default",
                           "name": "web", "uid": "h-1"],
        "reason": "SuccessfulRescale", "message": "New size: 4", "source": ["component": "horizontal-pod-autoscaler"],
        "firstTimestamp": "2026-03-02T07:00:00Z", "lastTimestamp": "2026-03-02T07:10:00Z", "count": 2, "type": "Normal",
    ]

    struct Fixture {
        let clock = TableResponseTests.TestClock()
        let cluster: ClusterState
        let router: Router

        init() {
            let clock = clock
            cluster = ClusterState(now: { clock.now() })
            router = Router(cluster: cluster, serverAddress: "127.0.0.1:0")
        }

        func send(_ method: String, _ uri: String, _ body: JSONValue? = nil, contentType: String = "application/json",
                  accept: String? = nil) async throws -> (status: Int, body: JSONValue) {
            var headers = [("Content-Type", contentType)]
            if let accept { headers.append(("Accept", accept)) }
            let request = SimRequest(method: method, uri: uri, headers: headers, body: body?.serialized() ?? [])
            guard case .full(let status, let bytes, _) = await router.handle(request) else {
                throw SimError(message: "a watch where a body was expected")
            }
            return (status, try JSONValue(parsing: bytes))
        }

        func create(_ path: String, _ body: JSONValue) async throws -> JSONValue {
            let (status, created) = try await send("POST", path, body)
            #expect(status == 201, "\(created.jsonString)")
            return created
        }

        func items(_ uri: String) async throws -> [JSONValue] {
            let (status, list) = try await send("GET", uri)
            #expect(status == 200, "\(list.jsonString)")
            return list["items"]?.arrayValue ?? []
        }

        func watch(_ uri: String) async throws -> (id: UInt64, stream: AsyncStream<WatchFrame>) {
            let request = SimRequest(method: "GET", uri: uri, headers: [], body: [])
            guard case .watch(let id, _, let stream, _, _) = await router.handle(request) else {
                throw SimError(message: "no watch for \(uri)")
            }
            return (id, stream)
        }

        /// The first `count` events of a watch; fewer if they do not come within five seconds.
        func events(_ watch: (id: UInt64, stream: AsyncStream<WatchFrame>), count: Int) async throws -> [JSONValue] {
            let cluster = cluster
            let deadline = Task {
                try await Task.sleep(for: .seconds(5))
                cluster.endWatch(watch.id)
            }
            defer { deadline.cancel() }
            var events: [JSONValue] = []
            for await frame in watch.stream {
                guard case .line(let line) = frame else { continue }
                events.append(try JSONValue(parsing: line))
                if events.count == count { break }
            }
            cluster.endWatch(watch.id)
            return events
        }
    }

    /// A field selector as a query parameter, escaped as kubectl sends it.
    static func fieldSelector(_ text: String) -> String {
        "fieldSelector=" + text.replacingOccurrences(of: "=", with: "%3D").replacingOccurrences(of: ",", with: "%2C")
    }

    static func describeSelector(uid: String) -> String {
        fieldSelector("involvedObject.kind=CostGuard,involvedObject.name=shop,involvedObject.namespace=,involvedObject.uid=\(uid)")
    }

    @Test func anEventWrittenThroughEventsV1ReadsThroughCore() async throws {
        let fixture = Fixture()
        let created = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-1"))
        #expect(created["apiVersion"] == "events.k8s.io/v1")
        #expect(created["note"] == "paused scale-up")
        let name = try #require(created.value(atPath: "metadata.name")?.stringValue)
        #expect(name.hasPrefix("shop-"))

        let (status, core) = try await fixture.send("GET", "\(Self.coreEvents)/\(name)")
        #expect(status == 200)
        #expect(core["apiVersion"] == "v1")
        #expect(core["kind"] == "Event")
        #expect(core["involvedObject"] == Self.recorded(uid: "g-1")["regarding"])
        #expect(core["message"] == "paused scale-up")
        #expect(core["reportingComponent"] == "costguard.dev/operator")
        #expect(core["reportingInstance"] == "pod-1")
        #expect(core["eventTime"] == "2026-03-02T08:00:00.123000Z")
        #expect(core["source"] == [:])
        #expect(core["note"] == nil)
        #expect(core["metadata"] == created["metadata"])

        // kubectl describe's selector, cluster-wide as for a cluster-scoped CostGuard.
        let described = try await fixture.items("/api/v1/events?\(Self.describeSelector(uid: "g-1"))")
        #expect(described.map { $0.value(atPath: "metadata.name") } == [.string(name)])
        #expect(described.first?["message"] == "paused scale-up")
        #expect(try await fixture.items("/api/v1/events?\(Self.describeSelector(uid: "g-2"))").isEmpty)
        #expect(try await fixture.items("\(Self.coreEvents)?labelSelector=team%3Da").count == 1)
        #expect(try await fixture.items("\(Self.coreEvents)?labelSelector=team%3Db").isEmpty)
        #expect(try await fixture.items("\(Self.eventsV1)?\(Self.fieldSelector("regarding.uid=g-1"))") == [created])
    }

    @Test func anEventWrittenThroughCoreReadsThroughEventsV1() async throws {
        let fixture = Fixture()
        let created = try await fixture.create(Self.coreEvents, Self.legacy)
        let items = try await fixture.items("\(Self.eventsV1)?\(Self.fieldSelector("regarding.uid=h-1,reason=SuccessfulRescale"))")
        #expect(items.count == 1)
        let event = try #require(items.first)
        #expect(event["apiVersion"] == "events.k8s.io/v1")
        #expect(event["regarding"] == Self.legacy["involvedObject"])
        #expect(event["note"] == "New size: 4")
        #expect(event["deprecatedSource"] == ["component": "horizontal-pod-autoscaler"])
        #expect(event["deprecatedFirstTimestamp"] == "2026-03-02T07:00:00Z")
        #expect(event["deprecatedLastTimestamp"] == "2026-03-02T07:10:00Z")
        #expect(event["deprecatedCount"] == 2)
        #expect(event["eventTime"] == .null)
        #expect(event.value(atPath: "metadata.resourceVersion") == created.value(atPath: "metadata.resourceVersion"))
        // `source` selects by the deprecated source on both APIs.
        #expect(try await fixture.items("\(Self.eventsV1)?\(Self.fieldSelector("source=horizontal-pod-autoscaler"))").count == 1)
        #expect(try await fixture.items("\(Self.coreEvents)?\(Self.fieldSelector("source=horizontal-pod-autoscaler"))").count == 1)
    }

    @Test func eachAPIRejectsTheOthersFieldLabels() async throws {
        let fixture = Fixture()
        for (path, label) in [(Self.coreEvents, "regarding.uid"), (Self.eventsV1, "involvedObject.uid"),
                              (Self.coreEvents, "message")] {
            let (status, body) = try await fixture.send("GET", "\(path)?\(Self.fieldSelector("\(label)=x"))")
            #expect(status == 400)
            #expect(body["reason"] == "BadRequest")
            #expect(body["message"] == .string("field label not supported: \(label)"))
            let watched = SimRequest(method: "GET", uri: "\(path)?watch=true&\(Self.fieldSelector("\(label)=x"))",
                                     headers: [], body: [])
            guard case .full(let watchStatus, _, _) = await fixture.router.handle(watched) else {
                Issue.record("a watch opened with an unsupported field label")
                continue
            }
            #expect(watchStatus == 400)
        }
    }

    @Test func watchesThroughEitherAPISeeWritesThroughTheOther() async throws {
        let fixture = Fixture()
        let core = try await fixture.watch("/api/v1/events?watch=true&\(Self.fieldSelector("involvedObject.uid=g-1"))")
        let eventsV1 = try await fixture.watch("\(Self.eventsV1)?watch=true&\(Self.fieldSelector("regarding.uid=g-1"))")

        // About another guard: neither watch hears of it.
        _ = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-2"))
        let created = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-1"))
        let name = try #require(created.value(atPath: "metadata.name")?.stringValue)
        // What happened (the note, reason, action...) is immutable through events.k8s.io/v1, as
        // upstream; a series is what a repeat changes.
        let (patchedStatus, _) = try await fixture.send("PATCH", "\(Self.eventsV1)/\(name)",
                                                        ["series": ["count": 2, "lastObservedTime": "2026-03-02T08:05:00.000000Z"]],
                                                        contentType: "application/merge-patch+json")
        #expect(patchedStatus == 200)
        let (coreStatus, _) = try await fixture.send("PATCH", "\(Self.coreEvents)/\(name)", ["message": "third", "count": 3],
                                                     contentType: "application/strategic-merge-patch+json")
        #expect(coreStatus == 200)
        let (deletedStatus, deleted) = try await fixture.send("DELETE", "\(Self.coreEvents)/\(name)")
        #expect(deletedStatus == 200)
        #expect(deleted["apiVersion"] == "v1")

        let coreEvents = try await fixture.events(core, count: 4)
        let eventsV1Events = try await fixture.events(eventsV1, count: 4)
        #expect(coreEvents.map { $0["type"] } == ["ADDED", "MODIFIED", "MODIFIED", "DELETED"])
        #expect(eventsV1Events.map { $0["type"] } == ["ADDED", "MODIFIED", "MODIFIED", "DELETED"])
        #expect(coreEvents.map { $0.value(atPath: "object.metadata.name") } == Array(repeating: .string(name), count: 4))
        #expect(coreEvents.allSatisfy { $0.value(atPath: "object.apiVersion") == "v1" })
        #expect(eventsV1Events.allSatisfy { $0.value(atPath: "object.apiVersion") == "events.k8s.io/v1" })
        #expect(coreEvents.map { $0.value(atPath: "object.message") } == ["paused scale-up", "paused scale-up", "third", "third"])
        #expect(eventsV1Events.map { $0.value(atPath: "object.note") } == ["paused scale-up", "paused scale-up", "third", "third"])
        #expect(coreEvents[1].value(atPath: "object.series.count") == 2)
        #expect(eventsV1Events[2].value(atPath: "object.deprecatedCount") == 3)
        // One object, one resourceVersion per change, whichever API is watched.
        let versions = coreEvents.map { $0.value(atPath: "object.metadata.resourceVersion") }
        #expect(versions == eventsV1Events.map { $0.value(atPath: "object.metadata.resourceVersion") })
        #expect(Set(versions.compactMap { $0 }).count == 4)

        let (goneV1, notFound) = try await fixture.send("GET", "\(Self.eventsV1)/\(name)")
        #expect(goneV1 == 404)
        #expect(notFound["message"] == .string("events.events.k8s.io \"\(name)\" not found"))
        #expect(try await fixture.send("GET", "\(Self.coreEvents)/\(name)").status == 404)
    }

    @Test func aWatchResumedFromAResourceVersionReplaysBothAPIsWrites() async throws {
        let fixture = Fixture()
        let start = fixture.cluster.resourceVersion
        _ = try await fixture.create(Self.coreEvents, Self.legacy)
        _ = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-1"))
        let watch = try await fixture.watch("\(Self.eventsV1)?watch=true&resourceVersion=\(start)")
        let events = try await fixture.events(watch, count: 2)
        #expect(events.map { $0.value(atPath: "object.note") } == ["New size: 4", "paused scale-up"])
        #expect(events.allSatisfy { $0.value(atPath: "object.kind") == "Event" && $0.value(atPath: "object.apiVersion") == "events.k8s.io/v1" })
    }

    @Test func deletingOrPatchingThroughEventsV1ChangesTheCoreEvent() async throws {
        let fixture = Fixture()
        let created = try await fixture.create(Self.coreEvents, Self.legacy)
        let (status, patched) = try await fixture.send(
            "PATCH", "\(Self.eventsV1)/web.1", [["op": "add", "path": "/metadata/labels", "value": ["size": "5"]]],
            contentType: "application/json-patch+json")
        #expect(status == 200, "\(patched.jsonString)")
        #expect(patched["apiVersion"] == "events.k8s.io/v1")
        let (_, core) = try await fixture.send("GET", "\(Self.coreEvents)/web.1")
        // (The note is immutable through events.k8s.io/v1, as upstream: a label is what may change.)
        #expect(core.value(atPath: "metadata.labels.size") == "5")
        #expect(core["count"] == 2)
        #expect(core.value(atPath: "metadata.resourceVersion") == patched.value(atPath: "metadata.resourceVersion"))
        #expect(core.value(atPath: "metadata.resourceVersion") != created.value(atPath: "metadata.resourceVersion"))
        #expect(core.value(atPath: "metadata.uid") == created.value(atPath: "metadata.uid"))

        // A stale resourceVersion conflicts through either API.
        var stale = patched
        stale["metadata"]?["resourceVersion"] = created.value(atPath: "metadata.resourceVersion")
        #expect(try await fixture.send("PUT", "\(Self.eventsV1)/web.1", stale).status == 409)

        let (deletedStatus, deleted) = try await fixture.send("DELETE", "\(Self.eventsV1)/web.1")
        #expect(deletedStatus == 200)
        #expect(deleted.value(atPath: "metadata.labels.size") == "5")
        #expect(try await fixture.items(Self.coreEvents).isEmpty)
        #expect(try await fixture.items(Self.eventsV1).isEmpty)
        // Names are shared too: the name is free again in both.
        var again = Self.recorded(uid: "g-3", note: "again")
        again["metadata"] = ["name": "web.1", "namespace": "default"]
        _ = try await fixture.create(Self.eventsV1, again)
        #expect(try await fixture.send("POST", Self.coreEvents, Self.legacy).status == 409)
    }

    @Test func requestsAreRecordedUnderTheAPIGroupUsed() async throws {
        let fixture = Fixture()
        let created = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-1"))
        let name = try #require(created.value(atPath: "metadata.name")?.stringValue)
        _ = try await fixture.send("GET", "\(Self.coreEvents)/\(name)")
        let requests = fixture.cluster.requests.map { "\($0.verb) \($0.group)/\($0.resource)" }
        #expect(requests == ["create events.k8s.io/events", "get /events"])
    }

    /// `kubectl get events` asks for a Table: it lists Events written through either API.
    @Test func tablesThroughEitherAPIListEventsWrittenThroughBoth() async throws {
        let fixture = Fixture()
        let created = try await fixture.create(Self.eventsV1, Self.recorded(uid: "g-1"))
        let name = try #require(created.value(atPath: "metadata.name"))
        _ = try await fixture.create(Self.coreEvents, Self.legacy)
        for path in [Self.coreEvents, Self.eventsV1, "/api/v1/events"] {
            let (status, table) = try await fixture.send("GET", path, accept: TableResponseTests.tableAccept)
            #expect(status == 200)
            #expect(table["kind"] == "Table")
            // Upstream's Event columns: Object fourth, Name (a wide column) last.
            let cells = table["rows"]?.arrayValue?.compactMap { $0["cells"]?.arrayValue } ?? []
            #expect(cells.map { $0.last } == [name, "web.1"])
            #expect(cells.map { $0[3] } == ["costguard/shop", "horizontalpodautoscaler/web"])
        }
    }
}
