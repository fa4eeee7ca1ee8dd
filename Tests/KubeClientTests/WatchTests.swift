import Foundation
import KubeClient
import KubeModel
import KubeSim
import Synchronization
import Testing

/// Collects a watcher's events in a background task.
final class EventLog: Sendable {
    let events = Mutex<[WatcherEvent<Node>]>([])

    var snapshot: [WatcherEvent<Node>] { events.withLock { $0 } }

    /// Labels of applied objects after the initial list, in order: `name@value`.
    var applied: [String] {
        snapshot.compactMap { event in
            guard case .apply(let node) = event else { return nil }
            return "\(node.metadata.name ?? "")@\(node.metadata.labels?["step"] ?? "")"
        }
    }
}

@Suite struct WatchTests {
    @Test func watchSurvivesDroppedConnectionsWithoutLosingOrRepeating() async throws {
        try await withSimulatedCluster(bookmarkInterval: .milliseconds(200)) { server, client in
            _ = try await client.create(.nodes, body: node("a", labels: ["step": "0"]), as: .json)
            let log = EventLog()
            let watcher = client.watcher(.nodes, configuration: WatcherConfiguration(timeoutSeconds: 2...2,
                                                                                     backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(100))),
                                         as: .readable(Node.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in watcher { log.events.withLock { $0.append(event) } }
                }
                try await eventually { server.cluster.openWatches == 1 }
                var expected: [String] = []
                for step in 1...6 {
                    _ = try await client.patch(.nodes, name: "a", .merge(["metadata": ["labels": ["step": .string(String(step))]]]), as: .json)
                    expected.append("a@\(step)")
                    if step % 2 == 0 {
                        // Cut the stream; the next change happens while the client is away.
                        server.cluster.dropWatches()
                    }
                }
                let afterDrops = expected
                try await eventually { log.applied == afterDrops }
                // Past a server-side timeout (2 s) the watch is simply re-opened.
                try await Task.sleep(for: .milliseconds(2500))
                _ = try await client.patch(.nodes, name: "a", .merge(["metadata": ["labels": ["step": "7"]]]), as: .json)
                expected.append("a@7")
                let afterTimeout = expected
                try await eventually { log.applied == afterTimeout }
                group.cancelAll()
            }
            let events = log.snapshot
            #expect(events.first.map { if case .initStarted = $0 { true } else { false } } == true)
            // One list only: drops and timeouts resumed from the last resourceVersion.
            #expect(events.filter { if case .initDone = $0 { true } else { false } }.count == 1)
            #expect(log.applied == (1...7).map { "a@\($0)" })
        }
    }

    /// A connection cut inside an event line: the half line is dropped, the watch resumes from
    /// the last whole event, and nothing is lost, repeated or relisted.
    @Test func aCutInsideAnEventLoosesNothing() async throws {
        try await withSimulatedCluster { server, client in
            _ = try await client.create(.nodes, body: node("a", labels: ["step": "0"]), as: .json)
            let log = EventLog()
            let watcher = client.watcher(.nodes, configuration: WatcherConfiguration(backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(100))),
                                         as: .readable(Node.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in watcher { log.events.withLock { $0.append(event) } }
                }
                try await eventually { server.cluster.openWatches == 1 && log.snapshot.contains(.initDone) }
                for step in 1...4 {
                    _ = try await client.patch(.nodes, name: "a", .merge(["metadata": ["labels": ["step": .string(String(step))]]]), as: .json)
                    if step % 2 == 1 { server.cluster.dropWatches(midEvent: true) }
                }
                try await eventually { log.applied == (1...4).map { "a@\($0)" } }
                group.cancelAll()
            }
            #expect(log.snapshot.filter { $0 == .initDone }.count == 1)
        }
    }

    @Test func goneRelistsAndTheStoreEndsUpExact() async throws {
        try await withSimulatedCluster { server, client in
            for name in ["a", "b", "c"] { _ = try await client.create(.nodes, body: node(name), as: .json) }
            let reflector = Reflector(client: client, resource: .nodes,
                                      configuration: WatcherConfiguration(pageSize: 2, backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(100)),
                                                                          initialList: .paginated),
                                      codec: .readable(Node.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await reflector.run() }
                await reflector.store.waitUntilSynced()
                #expect(reflector.store.snapshot().count == 3)
                try await eventually { server.cluster.openWatches == 1 }

                // Cut the watch and forget history while changes happen: the resume gets 410. The
                // watch is refused (500) until then, so no resume can slip in before the compaction.
                server.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "watch", resource: "nodes",
                                            times: 100_000))
                server.cluster.dropWatches()
                try await client.delete(.nodes, name: "b")
                _ = try await client.create(.nodes, body: node("d", labels: ["new": "yes"]), as: .json)
                server.cluster.compactHistory()
                server.cluster.clearFaults()
                try await eventually {
                    let names = Set(reflector.store.snapshot().objects.keys)
                    return names == ["a", "c", "d"]
                }
                let relists = server.cluster.requests.filter { $0.verb == "list" && $0.resource == "nodes" }
                #expect(relists.count >= 3)  // two pages, then the relist after 410
                let snapshot = reflector.store.snapshot()
                #expect(snapshot.matching(LabelSelector(matchLabels: ["new": "yes"])).map(\.metadata.name) == ["d"])

                // After the relist, live changes arrive once each.
                _ = try await client.patch(.nodes, name: "a", .merge(["spec": ["unschedulable": true]]), as: .json)
                try await eventually { reflector.store.snapshot().get("a")?.spec?.unschedulable == true }
                group.cancelAll()
            }
        }
    }

    @Test func watchErrorEventWithGoneRelists() async throws {
        try await withSimulatedCluster { server, client in
            _ = try await client.create(.nodes, body: node("a"), as: .json)
            let body = try await client.openWatch(.nodes, options: WatchOptions(resourceVersion: "1"))
            server.cluster.compactHistory()
            var lines: [String] = []
            for try await chunk in body {
                lines.append(String(buffer: chunk))
                break
            }
            // resourceVersion 1 was still retained when the watch opened: an ADDED, not an error.
            #expect(lines.first?.contains("\"ADDED\"") == true)
            let stale = try await client.openWatch(.nodes, options: WatchOptions(resourceVersion: "1"))
            var text = ""
            for try await chunk in stale { text += String(buffer: chunk) }
            let event = try WatchEvent<Node>(line: Array(text.trimmingCharacters(in: .newlines).utf8))
            guard case .error(let status) = event else {
                Issue.record("expected an ERROR event, got \(text)")
                return
            }
            #expect(status.code == 410)
        }
    }

    @Test func cancellingEndsTheWatchCleanly() async throws {
        try await withSimulatedCluster { server, client in
            let watcher = client.watcher(.nodes, as: .readable(Node.self))
            let log = EventLog()
            let task = Task {
                for await event in watcher { log.events.withLock { $0.append(event) } }
            }
            try await eventually { server.cluster.openWatches == 1 && log.snapshot.count == 2 }
            task.cancel()
            await task.value
            #expect(log.snapshot == [.initStarted, .initDone])
            try await eventually { server.cluster.openWatches == 0 }
        }
    }
}
