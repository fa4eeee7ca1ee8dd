/// metav1.LabelSelector: `matchLabels` and `matchExpressions` are ANDed; an empty selector selects everything.
package struct LabelSelector: Codable, Sendable, Hashable {
    package var matchLabels: [String: String]?
    package var matchExpressions: [LabelSelectorRequirement]?

    package init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    package var isEmpty: Bool {
        (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty
    }

    package func matches(_ labels: [String: String]) -> Bool { matches { labels[$0] } }

    /// For labels kept in another shape than a dictionary: `label` gives a key's value.
    package func matches(label: (String) -> String?) -> Bool {
        for (key, value) in matchLabels ?? [:] where label(key) != value { return false }
        for requirement in matchExpressions ?? [] where !requirement.matches(label(requirement.key)) { return false }
        return true
    }
}

package struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    package enum Operator: String, Codable, Sendable, Hashable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
    }

    package var key: String
    package var `operator`: Operator
    package var values: [String]?

    package init(key: String, operator: Operator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    package func matches(_ labels: [String: String]) -> Bool { matches(labels[key]) }

    /// `value`: the label's value, nil when the object does not have it.
    package func matches(_ value: String?) -> Bool {
        switch `operator` {
        case .in: return value.map { (values ?? []).contains($0) } ?? false
        case .notIn: return value.map { !(values ?? []).contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        }
    }
}
