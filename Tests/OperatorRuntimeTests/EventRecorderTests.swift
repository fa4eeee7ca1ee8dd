import Foundation
import KubeClient
import KubeModel
import KubeSim
import Logging
@testable import OperatorRuntime
import Testing

/// Events as the API takes them (events.k8s.io/v1 through KubeSim over HTTP): the same Event is
/// sent once per dedupe window, and a note never exceeds the API's 1 kB, counted in bytes.
@Suite struct EventRecorderTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theSameEventIsSentOncePerWindow() async throws {
        try await withAPIServer { server in
            let client = try Client(configuration: ClientConfiguration(server: server.url))
            let recorder = EventRecorder(client: client, instance: "replica-a", dedupeWindow: 600, logger: Logger(label: "events"))
            func record(_ note: String, after seconds: TimeInterval) async -> Bool {
                await recorder.record(guardName: "shop", uid: "uid-1", kind: .warning, reason: "SurgePause", action: "SurgePause",
                                      note: note, now: Self.now.addingTimeInterval(seconds))
            }
            #expect(await record("paused scale-up", after: 0))
            #expect(await !record("paused scale-up", after: 599))
            #expect(await record("paused scale-up (again)", after: 599), "another note is another Event")
            #expect(await record("paused scale-up", after: 600), "the window has passed")
            try await client.shutdown()

            let type = try #require(server.cluster.resourceType(group: "events.k8s.io", version: "v1", plural: "events"))
            let events = server.cluster.objects(type, namespace: "default")
            #expect(events.count == 3)
            for event in events {
                #expect(event.value(atPath: "regarding.uid") == "uid-1")
                #expect(event.value(atPath: "reportingController") == "costguard.dev/operator")
                #expect(event.value(atPath: "reportingInstance") == "replica-a")
                #expect(event.value(atPath: "type") == "Warning")
            }
        }
    }

    @Test(arguments: [("a", 5, "a"), ("abcdef", 5, "ab…"), ("→→→→", 8, "→…"), (String(repeating: "é", count: 600), 1024, nil)])
    func notesAreCutToTheByteLimitOnACharacter(text: String, limit: Int, expected: String?) {
        let fitted = EventRecorder.fitted(text, bytes: limit)
        #expect(fitted.utf8.count <= limit)
        if let expected { #expect(fitted == expected) }
        #expect(text.hasPrefix(String(fitted.dropLast(fitted.hasSuffix("…") ? 1 : 0))))
    }

    /// A DNS-1123 subdomain, as the API requires of every Event's name (and of a generateName prefix).
    static func isSubdomain(_ name: String) -> Bool {
        name.count <= 253 && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            let allowed = label.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
            return allowed && first != "-" && last != "-"
        }
    }

    /// Events carry a full name, `<guard>.<hex>`, as client-go's recorder and the kubelet write them:
    /// a real API server refused every Event the operator sent with `generateName: "<guard>."` (a
    /// trailing dot is not a subdomain). Several at one instant (the demo's stepped clock) differ.
    @Test func eventsAreNamedAsKubeletNamesThem() async throws {
        try await withAPIServer { server in
            let client = try Client(configuration: ClientConfiguration(server: server.url))
            let recorder = EventRecorder(client: client, instance: "replica-a", dedupeWindow: 600, logger: Logger(label: "events"))
            for reason in ["SurgePause", "CapReached", "DenyListed"] {
                #expect(await recorder.record(guardName: "shop", uid: "uid-1", kind: .normal, reason: reason, action: reason,
                                              note: "at one instant", now: Self.now))
            }
            try await client.shutdown()
            let type = try #require(server.cluster.resourceType(group: "events.k8s.io", version: "v1", plural: "events"))
            let events = server.cluster.objects(type, namespace: "default")
            #expect(events.count == 3)
            for event in events {
                let name = event.value(atPath: "metadata.name")?.stringValue ?? ""
                #expect(event.value(atPath: "metadata.generateName") == nil, "sent a generateName: \(event.jsonString)")
                #expect(name.hasPrefix("shop.") && Self.isSubdomain(name), "\(name)")
            }
        }
    }

    @Test(arguments: ["shop", String(repeating: "a", count: 253), String(repeating: "ab.", count: 84) + "c", "x-" + String(repeating: "y", count: 250)])
    func eventNamesAreSubdomainsForAnyGuardName(guardName: String) {
        let names = (0..<50).map { _ in EventRecorder.eventName(guardName: guardName, at: Self.now) }
        for name in names { #expect(Self.isSubdomain(name), "\(name)") }
        #expect(Set(names).count > 45, "names at one instant should differ: \(Set(names).count) distinct of 50")
        #expect(names[0].hasPrefix(String(guardName.prefix(20))))
    }
}
