import Foundation

/// The query-string form of a label selector (`labelSelector=` on list and watch).
extension LabelSelector {
    /// `a=b,c in (x,y),!d`; nil for an empty selector, which selects everything.
    package var selectorString: String? {
        var parts: [String] = []
        for key in (matchLabels ?? [:]).keys.sorted() {
            parts.append("\(key)=\(matchLabels![key]!)")
        }
        for requirement in matchExpressions ?? [] {
            let values = (requirement.values ?? []).sorted().joined(separator: ",")
            switch requirement.operator {
            case .in: parts.append("\(requirement.key) in (\(values))")
            case .notIn: parts.append("\(requirement.key) notin (\(values))")
            case .exists: parts.append(requirement.key)
            case .doesNotExist: parts.append("!\(requirement.key)")
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }

    /// Parses the query-string form as the API server does: `=`, `==`, `!=`, `in`, `notin`,
    /// `key` and `!key`, separated by commas outside parentheses.
    package init(parsing text: String) throws {
        var requirements: [LabelSelectorRequirement] = []
        for clause in Self.splitClauses(text) {
            let trimmed = clause.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            requirements.append(try Self.parseClause(trimmed))
        }
        self.init(matchExpressions: requirements.isEmpty ? nil : requirements)
    }

    static func splitClauses(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: clauses.append(current); current = ""
            default: current.append(character)
            }
        }
        clauses.append(current)
        return clauses
    }

    static func parseClause(_ clause: String) throws -> LabelSelectorRequirement {
        if clause.hasPrefix("!") {
            return LabelSelectorRequirement(key: String(clause.dropFirst()).trimmingCharacters(in: .whitespaces),
                                            operator: .doesNotExist)
        }
        if let range = clause.range(of: "!=") {
            return LabelSelectorRequirement(key: clause[..<range.lowerBound].trimmingCharacters(in: .whitespaces),
                                            operator: .notIn,
                                            values: [clause[range.upperBound...].trimmingCharacters(in: .whitespaces)])
        }
        if let range = clause.range(of: "==") ?? clause.range(of: "=") {
            return LabelSelectorRequirement(key: clause[..<range.lowerBound].trimmingCharacters(in: .whitespaces),
                                            operator: .in,
                                            values: [clause[range.upperBound...].trimmingCharacters(in: .whitespaces)])
        }
        for (word, op) in [(" notin ", LabelSelectorRequirement.Operator.notIn), (" in ", .in)] {
            guard let range = clause.range(of: word) else { continue }
            let key = clause[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let list = clause[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard list.hasPrefix("("), list.hasSuffix(")") else {
                throw SelectorError(message: "expected a parenthesised list in \(clause)")
            }
            let values = list.dropFirst().dropLast().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return LabelSelectorRequirement(key: key, operator: op, values: values)
        }
        guard !clause.contains(" ") else { throw SelectorError(message: "cannot parse selector clause \(clause)") }
        return LabelSelectorRequirement(key: clause, operator: .exists)
    }
}

package struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { "invalid selector: \(message)" }
}
