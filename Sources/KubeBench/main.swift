import Foundation
import KubeClient
import KubeModel
import KubeSim

/// Figures for docs/kubesim.md: watch-event decoding rate, a 5,000-node store's memory,
/// the time to list 5,000 nodes from KubeSim, and the initial sync of 65,000 nodes by a
/// streaming list against paginated lists. Run with `swift run -c release KubeBench`.

func residentBytes() throws -> Int {
    // statm's second field is resident pages.
    let text = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { throw SimError(message: "unexpected /proc/self/statm: \(text)") }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }

// 1. Decoding watch events.
let distinct = 500
var lines: [[UInt8]] = []
for index in 0..<distinct {
    var line = Array("{\"type\":\"MODIFIED\",\"object\":".utf8)
    line += NodeFixture.json(index: index, resourceVersion: 1000 + index).serialized()
    line += Array("}".utf8)
    lines.append(line)
}
let averageSize = lines.map(\.count).reduce(0, +) / lines.count
print("node event size: \(averageSize) bytes on average")

let events = 100_000
var kept = 0
let clock = ContinuousClock()
let focused = try clock.measure {
    for round in 0..<events {
        let event = try WatchEvent<Node>(line: lines[round % distinct])
        if event.object?.instanceType != nil { kept += 1 }
    }
}
let focusedRate = Double(events) / (Double(focused.components.attoseconds) / 1e18 + Double(focused.components.seconds))
print("focused reader: \(events) Node events in \(focused), \(Int(focusedRate)) events/s (\(kept) kept)")

let foundationEvents = 5_000
let foundation = try clock.measure {
    let decoder = JSONDecoder()
    for round in 0..<foundationEvents {
        let event = try decoder.decode(WatchEvent<DecodableNode>.self, from: Data(lines[round % distinct]))
        if event.object?.instanceType != nil { kept += 1 }
    }
}
let foundationRate = Double(foundationEvents) / (Double(foundation.components.attoseconds) / 1e18 + Double(foundation.components.seconds))
print("Foundation JSONDecoder: \(foundationEvents) Node events in \(foundation), \(Int(foundationRate)) events/s")
lines = []

// 2. A 5,000-node store: memory beyond the baseline.
let nodeCount = 5_000
let baseline = try residentBytes()
let store = Store<Node>()
store.apply(.initStarted)
for index in 0..<nodeCount {
    let bytes = NodeFixture.json(index: index, resourceVersion: 2000 + index).serialized()
    store.apply(.initApply(try Node(json: bytes)))
}
store.apply(.initDone)
let storeBytes = try residentBytes() - baseline
print("store of \(store.snapshot().count) nodes: \(mib(storeBytes)) resident beyond baseline (\(mib(baseline)))")

/// A reflector's first sync of the nodes: how many it holds, and how long it took.
func initialSync(_ client: Client, _ strategy: WatcherConfiguration.InitialList) async -> (Int, Duration) {
    let reflector = Reflector(client: client, resource: .nodes, configuration: WatcherConfiguration(initialList: strategy),
                              codec: .readable(Node.self))
    let start = ContinuousClock.now
    let elapsed = await withTaskGroup(of: Void.self) { group -> Duration in
        group.addTask { await reflector.run() }
        await reflector.store.waitUntilSynced()
        let elapsed = ContinuousClock.now - start
        group.cancelAll()
        return elapsed
    }
    return (reflector.store.snapshot().count, elapsed)
}

// 3. The initial list of 5,000 nodes from KubeSim, over HTTP, into a reflector.
let cluster = ClusterState()
let nodeType = cluster.resourceType(group: "", version: "v1", plural: "nodes")!
for index in 0..<nodeCount {
    try cluster.create(nodeType, namespace: nil, body: NodeFixture.json(index: index, resourceVersion: 0))
}
try await withAPIServer(cluster: cluster) { server in
    let client = try Client(configuration: ClientConfiguration(server: server.url))
    for attempt in 1...3 {
        let (count, elapsed) = await initialSync(client, .paginated)
        print("initial list of \(count) nodes from KubeSim (pages of 500), run \(attempt): \(elapsed)")
    }
    let single = try await clock.measure {
        let list = try await client.list(.nodes, as: .readable(Node.self))
        precondition(list.items.count == nodeCount)
    }
    print("one unpaged list of \(nodeCount) nodes: \(single)")
    try await client.shutdown()
}

// 4. The initial sync of a 65,000-node cluster: a streaming list against pages of 500.
let largeCount = 65_000
let large = ClusterState()
for index in 0..<largeCount {
    try large.create(nodeType, namespace: nil, body: NodeFixture.json(index: index, resourceVersion: 0))
}
try await withAPIServer(cluster: large) { server in
    let client = try Client(configuration: ClientConfiguration(server: server.url))
    for strategy in [WatcherConfiguration.InitialList.streamingWithFallback, .paginated] {
        for attempt in 1...3 {
            let (count, elapsed) = await initialSync(client, strategy)
            print("initial sync of \(count) nodes (\(strategy == .paginated ? "pages of 500" : "streaming list")), run \(attempt): \(elapsed)")
        }
    }
    try await client.shutdown()
}

/// The baseline's Node: the same fields as KubeModel's, decoded by Foundation's synthesized
/// Decodable. Only the benchmark has it: the product reads Nodes with one reader.
struct DecodableNode: Decodable, Sendable, Hashable {
    var apiVersion: String?
    var kind: String?
    var metadata: ObjectMeta
    var spec: NodeSpec?
    var status: NodeStatus?
    var instanceType: String? { metadata.labels?[Node.instanceTypeLabel] }
}
