import KubeModel

/// A consistent, immutable view of a store at one moment, indexed by namespace and label.
package struct StoreSnapshot<Object: HasMetadata>: Sendable {
    package let objects: [String: Object]
    let byNamespace: [String: Set<String>]
    let byLabel: [String: Set<String>]
    /// True once the first full list is in.
    package let isSynced: Bool

    package var count: Int { objects.count }
    package var all: [Object] { Array(objects.values) }

    /// By `namespace/name`, or `name` for cluster-scoped objects.
    package func get(_ key: String) -> Object? { objects[key] }

    package func inNamespace(_ namespace: String) -> [Object] {
        (byNamespace[namespace] ?? []).compactMap { objects[$0] }
    }

    /// Uses the label index to narrow by `matchLabels`, then checks the whole selector.
    package func matching(_ selector: LabelSelector, namespace: String? = nil) -> [Object] {
        var candidates: Set<String>?
        for (key, value) in selector.matchLabels ?? [:] {
            let keys = byLabel[Self.labelKey(key, value)] ?? []
            candidates = candidates.map { $0.intersection(keys) } ?? keys
        }
        if let namespace {
            let keys = byNamespace[namespace] ?? []
            candidates = candidates.map { $0.intersection(keys) } ?? keys
        }
        let pool: [Object] = candidates.map { $0.compactMap { objects[$0] } } ?? Array(objects.values)
        return pool.filter { selector.matches($0.metadata.labels ?? [:]) }
    }

    static func labelKey(_ key: String, _ value: String) -> String { key + "=" + value }
}
