import KubeModel

extension CostGuardStatus {
    /// A status as read back from the cluster: what decoded, and each field (or list item) that
    /// did not, so the operator reports it instead of silently starting from an empty status.
    package struct Reading: Sendable, Hashable {
        package var status: CostGuardStatus
        /// "status.phase: …", one per field or list item left out.
        package var problems: [String]
    }

    /// Decodes each field on its own, and each item of a list field on its own, keeping all that
    /// decode: one unreadable condition or an unknown phase must not cost the month-to-date spend.
    package static func read(_ json: JSONValue?) -> Reading {
        guard let json, json != .null else { return Reading(status: CostGuardStatus(), problems: []) }
        guard case .object(let fields) = json else {
            return Reading(status: CostGuardStatus(), problems: ["status: is \(json.typeName), not an object"])
        }
        do {
            return Reading(status: try json.decode(as: CostGuardStatus.self), problems: [])
        } catch {
            // Field by field below.
        }
        var kept: [String: JSONValue] = [:]
        var problems: [String] = []
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            // Decoding a one-field status: every field is optional, so only this one can fail.
            func failure(_ candidate: JSONValue) -> String? {
                do {
                    _ = try JSONValue.object([key: candidate]).decode(as: CostGuardStatus.self)
                    return nil
                } catch {
                    return Self.reason(error)
                }
            }
            guard let problem = failure(value) else { kept[key] = value; continue }
            guard case .array(let items) = value else {
                problems.append("status.\(key): \(problem)")
                continue
            }
            var keptItems: [JSONValue] = []
            for (index, item) in items.enumerated() {
                if let itemProblem = failure(.array([item])) {
                    problems.append("status.\(key)[\(index)]: \(itemProblem)")
                } else {
                    keptItems.append(item)
                }
            }
            kept[key] = .array(keptItems)
        }
        do {
            return Reading(status: try JSONValue.object(kept).decode(as: CostGuardStatus.self), problems: problems)
        } catch {
            // Each kept field decoded alone; together they can fail only if the type changed under us.
            return Reading(status: CostGuardStatus(), problems: problems + ["status: \(Self.reason(error))"])
        }
    }

    /// A decoding error in a few words, without Swift's coding-path dump.
    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(let type, _): return "is not a \(type)"
        case .valueNotFound(let type, _): return "is missing a \(type)"
        case .keyNotFound(let key, _): return "lacks \(key.stringValue)"
        case .dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
