import Foundation
import KubeClient
import KubeModel
import KubeSim
import Testing

/// Streaming lists over real HTTP against KubeSim: served like kube-apiserver 1.32+, refused like
/// a server with the WatchList feature gate off, and the reflector syncing either way.
@Suite struct StreamingListTests {
    @Test func aReflectorSyncsFromOneStreamingWatchWithNoListRequest() async throws {
        try await withSimulatedCluster { server, client in
            for name in ["a", "b", "c"] { _ = try await client.create(.nodes, body: node(name), as: .json) }
            server.cluster.clearRequests()
            let reflector = Reflector(client: client, resource: .nodes, codec: .readable(Node.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await reflector.run() }
                await reflector.store.waitUntilSynced()
                #expect(Set(reflector.store.snapshot().objects.keys) == ["a", "b", "c"])
                // Changes come on the same stream, after the end bookmark.
                _ = try await client.create(.nodes, body: node("d"), as: .json)
                try await client.delete(.nodes, name: "a")
                try await eventually { Set(reflector.store.snapshot().objects.keys) == ["b", "c", "d"] }
                group.cancelAll()
            }
            // One streaming watch, no list; then the test's own writes.
            let verbs = server.cluster.requests.filter { $0.resource == "nodes" }.map(\.verb)
            #expect(verbs == ["watch", "create", "delete"])
        }
    }

    @Test func withTheFeatureOffTheReflectorListsInPagesAndStillSyncs() async throws {
        try await withSimulatedCluster { server, client in
            server.cluster.servesStreamingLists = false
            for name in ["a", "b", "c"] { _ = try await client.create(.nodes, body: node(name), as: .json) }
            server.cluster.clearRequests()
            let reflector = Reflector(client: client, resource: .nodes, configuration: WatcherConfiguration(pageSize: 2),
                                      codec: .readable(Node.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await reflector.run() }
                await reflector.store.waitUntilSynced()
                #expect(Set(reflector.store.snapshot().objects.keys) == ["a", "b", "c"])
                _ = try await client.create(.nodes, body: node("d"), as: .json)
                try await eventually { reflector.store.snapshot().get("d") != nil }
                group.cancelAll()
            }
            let verbs = server.cluster.requests.filter { $0.resource == "nodes" && $0.verb != "create" }.map(\.verb)
            // One refused streaming watch, two pages, then the watch from the list's version.
            #expect(verbs == ["watch", "list", "list", "watch"])
        }
    }

    @Test func aServerThatNeverMarksTheEndIsLeftForPagesAfterTwoStreams() async throws {
        try await withSimulatedCluster { server, client in
            server.cluster.marksInitialEventsEnd = false
            for name in ["a", "b", "c"] { _ = try await client.create(.nodes, body: node(name), as: .json) }
            server.cluster.clearRequests()
            let configuration = WatcherConfiguration(pageSize: 2, streamingListTimeoutSeconds: 1)
            let reflector = Reflector(client: client, resource: .nodes, configuration: configuration, codec: .readable(Node.self))
            let start = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await reflector.run() }
                await reflector.store.waitUntilSynced()
                #expect(Set(reflector.store.snapshot().objects.keys) == ["a", "b", "c"])
                group.cancelAll()
            }
            // Two streaming watches that each ran out their 1 s without the end bookmark (and a
            // backoff between), then two pages; not the 5 to 10 minutes of a regular watch.
            #expect(ContinuousClock.now - start < .seconds(30))
            let calls = server.cluster.requests.filter { $0.resource == "nodes" }.map(\.verb)
            #expect(Array(calls.prefix(4)) == ["watch", "watch", "list", "list"], "\(calls)")
        }
    }

    @Test func theServerRefusesStreamingOptionsWithUpstreamsMessages() async throws {
        try await withSimulatedCluster { server, client in
            func refusal(_ options: WatchOptions) async throws -> KubeError? {
                do {
                    _ = try await client.openWatch(.nodes, options: options)
                    return nil
                } catch let error as KubeError {
                    return error
                }
            }
            let noMatch = try await refusal(WatchOptions(sendInitialEvents: true))
            #expect(noMatch?.statusCode == 422)
            #expect(noMatch?.status?.message == "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
            let exact = try await refusal(WatchOptions(sendInitialEvents: true, resourceVersionMatch: "Exact"))
            #expect(exact?.status?.message?.contains(#"resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan""#) == true)
            let matchAlone = try await refusal(WatchOptions(resourceVersion: "1", resourceVersionMatch: "NotOlderThan"))
            #expect(matchAlone?.status?.message?.hasSuffix("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided") == true)

            server.cluster.servesStreamingLists = false
            let gated = try await refusal(WatchOptions(sendInitialEvents: true, resourceVersionMatch: "NotOlderThan"))
            #expect(gated?.statusCode == 422)
            #expect(gated?.status?.message == "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled")
            #expect(gated?.status?.details?.causes?.first?.field == "sendInitialEvents")
        }
    }

    @Test func theEndBookmarkCarriesTheCollectionsVersion() async throws {
        try await withSimulatedCluster { server, client in
            _ = try await client.create(.nodes, body: node("a"), as: .json)
            let body = try await client.openWatch(.nodes, options: WatchOptions(sendInitialEvents: true, resourceVersionMatch: "NotOlderThan"))
            var splitter = LineSplitter()
            var events: [WatchEvent<Node>] = []
            reading: for try await chunk in body {
                for line in try splitter.feed(chunk.readableBytesView) {
                    events.append(try WatchEvent<Node>(line: line))
                    if case .bookmark = events.last { break reading }
                }
            }
            #expect(events.count == 2)
            #expect(events.first?.object?.metadata.name == "a")
            #expect(events.last == .bookmark(resourceVersion: String(server.cluster.resourceVersion), initialEventsEnd: true))
        }
    }
}
