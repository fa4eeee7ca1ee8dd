@testable import KubeClient
import KubeModel
import Testing

/// `keys(matching:)` answers matchLabels from the label index alone; it must pick exactly the
/// objects a full check of every object picks, for any selector and namespace.
@Suite struct StoreSnapshotTests {
    @Test func keysMatchingEqualAFullCheckOfEveryObject() {
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let values = ["web", "batch", "x"]
        let store = Store<Namespace>()
        store.apply(.initStarted)
        var objects: [Namespace] = []
        for index in 0..<300 {
            var labels: [String: String] = [:]
            for key in ["team", "tier", "spot"] where next(3) > 0 { labels[key] = values[next(3)] }
            let object = Namespace(metadata: ObjectMeta(name: "object-\(index)", namespace: ["a", "b", "c"][next(3)], labels: labels))
            objects.append(object)
            store.apply(.initApply(object))
        }
        store.apply(.initDone)
        let snapshot = store.snapshot()
        for _ in 0..<400 {
            var matchLabels: [String: String] = [:]
            for key in ["team", "tier"] where next(2) == 0 { matchLabels[key] = values[next(3)] }
            var expressions: [LabelSelectorRequirement] = []
            if next(2) == 0 { expressions.append(.init(key: "spot", operator: [.exists, .doesNotExist, .in, .notIn][next(4)], values: ["x"])) }
            let selector = LabelSelector(matchLabels: matchLabels.isEmpty && next(2) == 0 ? nil : matchLabels,
                                         matchExpressions: expressions.isEmpty ? nil : expressions)
            let namespace: String? = next(2) == 0 ? nil : ["a", "b", "c"][next(3)]
            let expected = Set(objects.filter { object in
                (namespace == nil || object.metadata.namespace == namespace) && selector.matches(object.metadata.labels ?? [:])
            }.map(\.cacheKey))
            #expect(Set(snapshot.keys(matching: selector, namespace: namespace)) == expected, "\(selector), \(namespace ?? "any")")
        }
    }
}
