import Foundation
import KubeModel
@testable import KubeSim
import Synchronization
import Testing

/// Table answers through the router, as kubectl receives them, and the plain answers the
/// operator's client relies on, unchanged.
@Suite struct TableResponseTests {
    static let tableAccept = MediaTypeNegotiationTests.kubectlGet

    /// A clock the test moves, so ages are known.
    final class TestClock: Sendable {
        let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func now() -> Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    static let crd: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced",
            "names": ["plural": "widgets", "singular": "widget", "kind": "Widget"],
            "versions": [["name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                          "additionalPrinterColumns": [
                              ["name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"],
                              ["name": "Phase", "type": "string", "jsonPath": ".status.phase"],
                              ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
                          ]]],
        ],
    ]

    struct Fixture {
        let clock = TestClock()
        let cluster: ClusterState
        let router: Router
        let widgets: ResourceType

        init() throws {
            let clock = clock
            cluster = ClusterState(now: { clock.now() })
            router = Router(cluster: cluster, serverAddress: "127.0.0.1:0")
            let crdType = try #require(cluster.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
            try cluster.create(crdType, namespace: nil, body: TableResponseTests.crd)
            widgets = try #require(cluster.resourceType(group: "example.com", version: "v1", plural: "widgets"))
            try cluster.create(widgets, namespace: "default", body: ["metadata": ["name": "a"], "spec": ["replicas": 3]])
            try cluster.create(widgets, namespace: "default", body: ["metadata": ["name": "b"]])
            clock.advance(330)
        }

        func get(_ uri: String, accept: String?) async throws -> (status: Int, body: [UInt8]) {
            let headers = accept.map { [("Accept", $0)] } ?? []
            switch await router.handle(SimRequest(method: "GET", uri: uri, headers: headers, body: [])) {
            case .full(let status, let body, _): return (status, body)
            case .watch: throw SimError(message: "a watch where a body was expected")
            }
        }

        func table(_ uri: String, accept: String = TableResponseTests.tableAccept) async throws -> JSONValue {
            let (status, body) = try await get(uri, accept: accept)
            #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
            return try JSONValue(parsing: body)
        }
    }

    @Test func plainJSONRequestsGetTheStoredBytesExactlyAsBefore() async throws {
        let fixture = try Fixture()
        let path = "/apis/example.com/v1/namespaces/default/widgets"
        for uri in [path, path + "/a", "/api/v1/namespaces", "/api/v1/namespaces/default"] {
            let bare = try await fixture.get(uri, accept: nil)
            let json = try await fixture.get(uri, accept: "application/json")
            let clientGo = try await fixture.get(uri, accept: "application/vnd.kubernetes.protobuf, application/json")
            #expect(bare.status == 200)
            #expect(json.body == bare.body)
            #expect(clientGo.body == bare.body)
        }
        let stored = try fixture.cluster.get(fixture.widgets, namespace: "default", name: "a")
        #expect(try await fixture.get(path + "/a", accept: "application/json").body == stored.bytes)
        let list = try JSONValue(parsing: try await fixture.get(path, accept: "application/json").body)
        #expect(list["kind"] == "WidgetList")
    }

    @Test func aListBecomesATableWithTheCRDColumns() async throws {
        let fixture = try Fixture()
        let table = try await fixture.table("/apis/example.com/v1/namespaces/default/widgets")
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table.value(atPath: "metadata.resourceVersion") == .string(String(fixture.cluster.resourceVersion)))
        let columns = try #require(table["columnDefinitions"]?.arrayValue)
        #expect(columns.map { $0["name"] } == ["Name", "Replicas", "Phase", "Age"])
        #expect(columns[0] == ["name": "Name", "type": "string", "format": "name",
                               "description": .string(TableColumn.nameDescription), "priority": 0])
        #expect(columns[3]["type"] == "date")
        let rows = try #require(table["rows"]?.arrayValue)
        #expect(rows.map { $0["cells"] } == [["a", 3, nil, "5m"], ["b", nil, nil, "5m"]])
        // Each row carries the object's metadata by default.
        let first = try #require(rows.first?["object"])
        #expect(first["kind"] == "PartialObjectMetadata")
        #expect(first["apiVersion"] == "meta.k8s.io/v1")
        #expect(first.value(atPath: "metadata.name") == "a")
        #expect(first.value(atPath: "metadata.uid") != nil)
        #expect(first["spec"] == nil)
    }

    @Test func includeObjectChoosesWhatRowsCarry() async throws {
        let fixture = try Fixture()
        let path = "/apis/example.com/v1/namespaces/default/widgets"
        let none = try await fixture.table(path + "?includeObject=None")
        #expect(none["rows"]?.arrayValue?.map { $0["object"] } == [.null, .null])
        let whole = try await fixture.table(path + "?includeObject=Object")
        let stored = try fixture.cluster.get(fixture.widgets, namespace: "default", name: "a").value
        #expect(whole["rows"]?.arrayValue?.first?["object"] == stored)
        let refused = try await fixture.get(path + "?includeObject=Everything", accept: Self.tableAccept)
        #expect(refused.status == 400)
    }

    @Test func aSingleObjectIsAOneRowTableWithItsResourceVersion() async throws {
        let fixture = try Fixture()
        let table = try await fixture.table("/apis/example.com/v1/namespaces/default/widgets/a",
                                            accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io")
        #expect(table["apiVersion"] == "meta.k8s.io/v1beta1")
        let stored = try fixture.cluster.get(fixture.widgets, namespace: "default", name: "a")
        #expect(table.value(atPath: "metadata.resourceVersion") == .string(String(stored.resourceVersion)))
        #expect(table["rows"]?.arrayValue?.map { $0["cells"] } == [["a", 3, nil, "5m"]])
        #expect(table["rows"]?.arrayValue?.first?.value(atPath: "object.apiVersion") == "meta.k8s.io/v1beta1")
    }

    @Test func pagesCarryTheContinueToken() async throws {
        let fixture = try Fixture()
        let path = "/apis/example.com/v1/namespaces/default/widgets"
        let first = try await fixture.table(path + "?limit=1")
        #expect(first["rows"]?.arrayValue?.count == 1)
        let token = try #require(first.value(atPath: "metadata.continue")?.stringValue)
        let second = try await fixture.table(path + "?limit=1&continue=" + token)
        #expect(second["rows"]?.arrayValue?.first?["cells"]?.arrayValue?.first == "b")
        #expect(second.value(atPath: "metadata.continue") == nil)
    }

    @Test func builtInKindsPrintNameAndAgeOrTheirUpstreamColumns() async throws {
        let fixture = try Fixture()
        let namespaces = try await fixture.table("/api/v1/namespaces")
        #expect(namespaces["columnDefinitions"]?.arrayValue?.map { $0["name"] } == ["Name", "Status", "Age"])
        #expect(namespaces["rows"]?.arrayValue?.first?["cells"] == ["default", "Active", "5m30s"])
        let events = try await fixture.table("/api/v1/namespaces/default/events")
        #expect(events["columnDefinitions"]?.arrayValue?.map { $0["name"] }
                == ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"])
        #expect(events["rows"] == [])
        let crds = try await fixture.table("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
        #expect(crds["rows"]?.arrayValue?.first?["cells"] == ["widgets.example.com", "2027-01-15T08:00:00Z"])
    }

    /// An Event written through events.k8s.io/v1 prints the same row through both Event APIs,
    /// and an HPA prints its own columns.
    @Test func eventsAndHPAsPrintWithUpstreamsColumns() async throws {
        let fixture = try Fixture()  // its clock reads 08:05:30
        let eventsV1 = try #require(fixture.cluster.resourceType(group: "events.k8s.io", version: "v1", plural: "events"))
        try fixture.cluster.create(eventsV1, namespace: "default", body: EventPrinterTests.operatorEvent)
        for path in ["/api/v1/namespaces/default/events", "/apis/events.k8s.io/v1/namespaces/default/events"] {
            let table = try await fixture.table(path)
            #expect(table["columnDefinitions"]?.arrayValue?.count == 10, "\(path)")
            let row = try #require(table["rows"]?.arrayValue?.first, "\(path)")
            #expect(row["cells"] == ["5m39s", "Warning", "SurgePaused", "costguard/shop", "", "costguard.dev/operator, costguard-0",
                                     "paused scale-up of shop/web: nodes 41 > maxNodes 40", "5m39s", 1, "shop.18c2"], "\(path)")
            #expect(row.value(atPath: "object.metadata.name") == "shop.18c2")
        }

        let hpas = try #require(fixture.cluster.resourceType(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers"))
        try fixture.cluster.create(hpas, namespace: "default", body: [
            "metadata": ["name": "web"],
            "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "minReplicas": 2, "maxReplicas": 12,
                     "metrics": [HPAPrinterTests.pods(target: "28000m")]],
        ])
        let table = try await fixture.table("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web")
        #expect(table["columnDefinitions"]?.arrayValue?.map { $0["name"] }
                == ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"])
        #expect(table["rows"]?.arrayValue?.first?["cells"] == ["web", "Deployment/web", "<unknown>/28", "2", 12, 0, "0s"])
    }

    @Test func onlyUnservedConversionsGet406() async throws {
        let fixture = try Fixture()
        let answer = try await fixture.get("/api/v1/namespaces", accept: "application/json;as=Table;v=v1alpha1;g=meta.k8s.io")
        #expect(answer.status == 406)
    }

    @Test func watchEventsCarryOneRowTablesWithHeadersOnlyFirst() async throws {
        let fixture = try Fixture()
        let request = SimRequest(method: "GET", uri: "/apis/example.com/v1/namespaces/default/widgets?watch=true",
                                 headers: [("Accept", Self.tableAccept)], body: [])
        guard case .watch(let id, _, let stream, _, _) = await fixture.router.handle(request) else {
            Issue.record("no watch")
            return
        }
        _ = try fixture.cluster.patch(fixture.widgets, namespace: "default", name: "b", subresource: "status", patchType: .merge,
                                      patch: ["status": ["phase": "Running"]])
        var events: [JSONValue] = []
        for await frame in stream {
            guard case .line(let line) = frame else { continue }
            events.append(try JSONValue(parsing: line))
            if events.count == 3 { break }
        }
        fixture.cluster.endWatch(id)
        #expect(events.map { $0["type"] } == ["ADDED", "ADDED", "MODIFIED"])
        #expect(events.map { $0.value(atPath: "object.kind") } == ["Table", "Table", "Table"])
        #expect(events[0].value(atPath: "object.columnDefinitions")?.arrayValue?.count == 4)
        #expect(events[1].value(atPath: "object.columnDefinitions") == .null)
        #expect(events[2].value(atPath: "object.rows")?.arrayValue?.map { $0["cells"] } == [["b", nil, "Running", "5m"]])
        let stored = try fixture.cluster.get(fixture.widgets, namespace: "default", name: "b")
        #expect(events[2].value(atPath: "object.metadata.resourceVersion") == .string(String(stored.resourceVersion)))
    }

    @Test func anExpiredWatchStillSendsItsStatusUntouched() async throws {
        let fixture = try Fixture()
        fixture.cluster.compactHistory()
        let request = SimRequest(method: "GET", uri: "/api/v1/namespaces?watch=true&resourceVersion=1",
                                 headers: [("Accept", Self.tableAccept)], body: [])
        guard case .watch(_, _, let stream, _, _) = await fixture.router.handle(request) else {
            Issue.record("no watch")
            return
        }
        var events: [JSONValue] = []
        for await frame in stream {
            if case .line(let line) = frame { events.append(try JSONValue(parsing: line)) }
        }
        #expect(events.count == 1)
        #expect(events.first?["type"] == "ERROR")
        #expect(events.first?.value(atPath: "object.kind") == "Status")
        #expect(events.first?.value(atPath: "object.code") == 410)
    }
}
