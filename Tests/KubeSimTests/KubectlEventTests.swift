import Foundation
import KubeModel
import KubeSim
import Testing

/// A real kubectl reads the operator's events.k8s.io/v1 Events through core/v1: `kubectl
/// describe costguard` lists those whose involvedObject (regarding) names the guard by kind,
/// name and uid, and `kubectl get events` lists them all with upstream's Event columns. Runs
/// when kubectl is on PATH; without it the test fails under CI and is skipped, with the
/// reason printed, elsewhere.
@Suite struct KubectlEventTests {
    /// An Event shaped as OperatorRuntime's EventRecorder shapes it: the KubeModel Event with a
    /// full `<guard>.<hex>` name for metadata, the namespace coming from the path.
    static func recorderEvent(guardName: String, uid: String, reason: String, note: String) throws -> JSONValue {
        let stamp = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let event = Event(
            metadata: ObjectMeta(name: nil, namespace: "default"),
            eventTime: stamp.replacingOccurrences(of: "Z", with: "000Z"),
            reportingController: "costguard.dev/operator", reportingInstance: "costguard-0", action: "Pause",
            reason: reason,
            regarding: ObjectReference(apiVersion: "costguard.dev/v1alpha1", kind: "CostGuard", name: guardName, uid: uid),
            note: note, type: "Warning")
        var body = try JSONValue(encoding: event)
        body["metadata"] = ["name": .string("\(guardName).\(String(UInt64.random(in: 1...UInt64.max), radix: 16))")]
        return body
    }

    /// POSTs the body as it is (no client-side reshaping), as the operator's client does.
    static func post(_ kubectl: Kubectl, _ body: JSONValue) async throws -> Kubectl.Result {
        let file = NSTemporaryDirectory() + "kubesim-event-" + UUID().uuidString + ".json"
        try body.jsonString.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await kubectl.run("create", "--raw", "/apis/events.k8s.io/v1/namespaces/default/events", "-f", file)
    }

    static let eventColumns = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    static let wideEventColumns = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                                   "COUNT", "NAME"]

    /// The `Events:` section of `kubectl describe` output, up to the end.
    static func eventsSection(_ described: String) -> String? {
        described.range(of: "Events:").map { String(described[$0.lowerBound...]) }
    }

    @Test func describeAndGetEventsShowTheOperatorsEvents() async throws {
        guard let executable = Kubectl.required(by: "the kubectl describe events test") else { return }
        try await withAPIServer { server in
            let kubectl = try Kubectl.configured(executable: executable, for: server)
            let crd = try await kubectl.run("apply", "-f", KubectlTests.packageRoot + "/crds/costguard.dev_costguards.yaml")
            #expect(crd.status == 0, "kubectl apply CRD: \(crd.output)")
            let applied = try await kubectl.apply("""
            apiVersion: costguard.dev/v1alpha1
            kind: CostGuard
            metadata: {name: shop}
            spec:
              mode: Enforce
              caps: {maxNodes: 40}
            """)
            #expect(applied.status == 0, "kubectl apply CostGuard: \(applied.output)")
            let guardType = try #require(server.cluster.resourceType(group: "costguard.dev", version: "v1alpha1", plural: "costguards"))
            let uid = try #require(try server.cluster.object(guardType, namespace: nil, name: "shop")?
                .value(atPath: "metadata.uid")?.stringValue)

            let note = "paused scale-up of shop/web: nodes 41 > maxNodes 40"
            let matching = try await Self.post(kubectl, try Self.recorderEvent(guardName: "shop", uid: uid,
                                                                                reason: "SurgePaused", note: note))
            #expect(matching.status == 0, "POST event: \(matching.output)")
            // Same kind and name, another uid: an Event about an earlier guard called shop.
            let stale = try await Self.post(kubectl, try Self.recorderEvent(guardName: "shop", uid: UUID().uuidString.lowercased(),
                                                                             reason: "StaleGuardEvent", note: "about an older shop"))
            #expect(stale.status == 0, "POST event: \(stale.output)")

            let described = try await kubectl.run("describe", "costguard", "shop")
            #expect(described.status == 0, "kubectl describe: \(described.output)")
            let events = try #require(Self.eventsSection(described.output), "no Events section in: \(described.output)")
            print("kubectl describe costguard shop against KubeSim, Events section:\n\(events)")
            let rows = events.split(separator: "\n").dropFirst(3).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(rows.count == 1, "\(events)")
            #expect(rows.first.map { Array($0.prefix(2)) } == ["Warning", "SurgePaused"], "\(events)")
            #expect(rows.first?.dropFirst(3).first == "costguard.dev/operator", "\(events)")
            #expect(events.contains(note), "\(events)")
            #expect(!events.contains("StaleGuardEvent"), "\(events)")

            // kubectl get events reads core/v1 and prints upstream's Event columns.
            let got = try await kubectl.run("get", "events")
            #expect(got.status == 0, "kubectl get events: \(got.output)")
            print("kubectl get events against KubeSim:\n\(got.output)")
            let table = try PrintedTable(got.output, columns: Self.eventColumns)
            #expect(table.headerWords == "LAST SEEN TYPE REASON OBJECT MESSAGE", "\(got.output)")
            let paused = try #require(table.rows.first { $0["REASON"] == "SurgePaused" }, "\(got.output)")
            #expect(paused["TYPE"] == "Warning")
            #expect(paused["OBJECT"] == "costguard/shop")
            #expect(paused["MESSAGE"] == note)
            #expect(KubectlTableTests.isAge(paused["LAST SEEN"]), "\(got.output)")
            #expect(table.rows.compactMap { $0["REASON"] }.sorted() == ["StaleGuardEvent", "SurgePaused"], "\(got.output)")
            // -o wide adds the source, first sighting, count and the Events' names.
            let wide = try await kubectl.run("get", "events", "-o", "wide")
            print("kubectl get events -o wide against KubeSim:\n\(wide.output)")
            let wideTable = try PrintedTable(wide.output, columns: Self.wideEventColumns)
            let widePaused = try #require(wideTable.rows.first { $0["REASON"] == "SurgePaused" }, "\(wide.output)")
            #expect(widePaused["SOURCE"] == "costguard.dev/operator, costguard-0")
            #expect(widePaused["COUNT"] == "1")
            let names = try [matching, stale].map { try JSONValue(parsing: $0.output).value(atPath: "metadata.name")?.stringValue }
            #expect(names.allSatisfy { $0?.hasPrefix("shop.") == true }, "\(names)")
            #expect(wideTable.rows.compactMap { $0["NAME"] }.sorted() == names.compactMap { $0 }.sorted(), "\(wide.output)")
            let listed = try await kubectl.run("get", "events", "-o", "json")
            let coreItems = try JSONValue(parsing: listed.output)["items"]?.arrayValue ?? []
            #expect(coreItems.contains { $0["reason"] == "SurgePaused" && $0["message"] == .string(note)
                && $0.value(atPath: "involvedObject.uid") == .string(uid) }, "\(listed.output)")

            // And through events.k8s.io, as the operator wrote them.
            let eventsV1 = try await kubectl.run("get", "events.v1.events.k8s.io", "-o", "json")
            #expect(eventsV1.status == 0, "kubectl get events.v1.events.k8s.io: \(eventsV1.output)")
            let items = try JSONValue(parsing: eventsV1.output)["items"]?.arrayValue ?? []
            #expect(Set(items.compactMap { $0["note"]?.stringValue }) == [note, "about an older shop"])
            #expect(items.allSatisfy { $0["apiVersion"] == "events.k8s.io/v1" })
        }
    }
}
