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

    /// The records on a set: every one that decodes, and what did not (nil: all read).
    struct Reading: Sendable, Hashable {
        var records: [DenyRecord]
        var problem: String?
    }

    /// Reads the annotation record by record, so one hand-edited entry costs only itself; the
    /// caller reports `problem` and never takes the prefixes it lost for someone else's.
    static func read(_ text: String?) -> Reading {
        guard let text else { return Reading(records: []) }
        let items: [JSONValue]
        do {
            guard case .array(let array) = try JSONValue(parsing: text) else {
                return Reading(records: [], problem: "\(annotation) is not a JSON list of records")
            }
            items = array
        } catch {
            return Reading(records: [], problem: "\(annotation) is not JSON: \(error)")
        }
        var records: [DenyRecord] = []
        var bad: [String] = []
        for (index, item) in items.enumerated() {
            do {
                let record = try item.decode(as: DenyRecord.self)
                guard record.parsedPrefix != nil, record.expiry != nil else {
                    bad.append("[\(index)] has prefix \(record.prefix) expiring \(record.expires)")
                    continue
                }
                records.append(record)
            } catch {
                bad.append("[\(index)] lacks prefix, rps, expires or guard")
            }
        }
        return Reading(records: records, problem: bad.isEmpty ? nil
            : "\(annotation): \(bad.count) of \(items.count) records unreadable (\(bad.prefix(3).joined(separator: ", ")))")
    }

    static func decode(_ text: String?) -> [DenyRecord] { read(text).records }

    static func encode(_ records: [DenyRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // JSONEncoder fails only on a non-finite number; with rps made finite it cannot, so the
        // records are never replaced by an empty list (which would disown every entry).
        let finite = records.sorted { $0.prefix < $1.prefix }.map { record in
            var record = record
            if !record.rps.isFinite { record.rps = record.rps > 0 ? Double.greatestFiniteMagnitude : 0 }
            return record
        }
        do {
            return String(decoding: try encoder.encode(finite), as: UTF8.self)
        } catch {
            preconditionFailure("deny records of strings and finite numbers did not encode: \(error)")
        }
    }
}
