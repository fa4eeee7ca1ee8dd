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
}
