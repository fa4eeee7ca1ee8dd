import KubeModel

/// A cached node's labels, sorted by key in one array: about half a dictionary's size for the
/// 3 to 20 labels a node has (a dictionary keeps a quarter of its buckets empty, and more after
/// growing), looked up by binary search.
struct NodeLabels: Sendable {
    private var pairs: [(key: String, value: String)]

    /// `share` gives each key's stored copy (NodeCache.LabelKeys).
    init(_ labels: [String: String], share: (String) -> String) {
        var pairs: [(key: String, value: String)] = []
        pairs.reserveCapacity(labels.count)
        for (key, value) in labels { pairs.append((share(key), value)) }
        pairs.sort { $0.key < $1.key }
        self.pairs = pairs
    }

    subscript(key: String) -> String? {
        var low = 0
        var high = pairs.count
        while low < high {
            let middle = (low + high) / 2
            if pairs[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < pairs.count && pairs[low].key == key ? pairs[low].value : nil
    }

    func matches(_ selector: LabelSelector) -> Bool { selector.isEmpty || selector.matches { self[$0] } }
}
