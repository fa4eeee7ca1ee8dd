import CostGuardAPI
import Foundation
import KubeModel

/// One prefix CostGuard put on a deny list, as recorded on the set itself: who listed it, at what
/// rate, and when it expires, so any operator instance (a restarted one, a new leader) expires
/// it on time and evicts the lowest-rate entries first.
struct DenyRecord: Sendable, Hashable, Codable {
    var prefix: String
    var rps: Double
    var expires: String
    var guardName: String

    enum CodingKeys: String, CodingKey {
        case prefix, rps, expires
        case guardName = "guard"
    }

    var parsedPrefix: IPPrefix? { IPPrefix(prefix) }
    var expiry: Date? { try? Date(expires, strategy: .iso8601) }

    /// The annotation holding the records, as compact JSON sorted by prefix.
    static let annotation = "costguard.dev/deny-entries"
    /// Set when CostGuard created the set, so it deletes it once no guard uses it.
    static let createdAnnotation = "costguard.dev/created"
    /// The label a deny policy selects (see deploy/examples).
    static let policyLabel = "dos-deny-list"

    static func decode(_ text: String?) -> [DenyRecord] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        // A hand-edited, unreadable record is treated as none: the next write replaces it.
        return (try? JSONDecoder().decode([DenyRecord].self, from: data)) ?? []
    }

    static func encode(_ records: [DenyRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(records.sorted { $0.prefix < $1.prefix })) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
