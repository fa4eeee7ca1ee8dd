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

    /// The objects `selector` matches, in no order.
    package func matching(_ selector: LabelSelector, namespace: String? = nil) -> [Object] {
        keys(matching: selector, namespace: namespace).compactMap { objects[$0] }
    }

    /// The keys of the objects `selector` matches, in no order. `matchLabels` alone is answered
    /// from the label index without reading an object: copying an HPA out of the store costs a
    /// retain per field, and that was a tenth of the operator's time at 10,000 HPAs.
    package func keys(matching selector: LabelSelector, namespace: String? = nil) -> [String] {
        var candidates: Set<String>?
        for (key, value) in selector.matchLabels ?? [:] {
            let keys = byLabel[Self.labelKey(key, value)] ?? []
            candidates = candidates.map { $0.intersection(keys) } ?? keys
        }
        if let namespace {
            let keys = byNamespace[namespace] ?? []
            candidates = candidates.map { $0.intersection(keys) } ?? keys
        }
        let pool = candidates.map(Array.init) ?? Array(objects.keys)
        // The index is exact for matchLabels (neither a label's key nor its value may hold "=").
        guard !(selector.matchExpressions ?? []).isEmpty else { return pool }
        return pool.filter { key in objects[key].map { selector.matches($0.metadata.labels ?? [:]) } ?? false }
    }

    static func labelKey(_ key: String, _ value: String) -> String { key + "=" + value }
}
