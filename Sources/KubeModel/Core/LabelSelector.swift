/// metav1.LabelSelector: `matchLabels` and `matchExpressions` are ANDed; an empty selector selects everything.
public struct LabelSelector: Codable, Sendable, Hashable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    public var isEmpty: Bool {
        (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty
    }

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels ?? [:] where labels[key] != value { return false }
        for requirement in matchExpressions ?? [] where !requirement.matches(labels) { return false }
        return true
    }
}

public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    public enum Operator: String, Codable, Sendable, Hashable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
    }

    public var key: String
    public var `operator`: Operator
    public var values: [String]?

    public init(key: String, operator: Operator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    public func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch `operator` {
        case .in: return value.map { (values ?? []).contains($0) } ?? false
        case .notIn: return value.map { !(values ?? []).contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        }
    }
}
