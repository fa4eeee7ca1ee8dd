import CostGuardAPI
import Foundation
import GuardCore
import KubeModel

/// What one Enforce-mode guard wants on the deny set it names.
struct DenyClaim: Sendable, Hashable {
    var guardName: String
    var entries: [DenyRecord]
    var maxEntries: Int
    var neverDeny: [IPPrefix]
    /// The guard's `denyList.ttl`: how long a prefix whose record was lost is kept.
    var ttl: TimeInterval = 3600
}

/// The deny set CostGuard should leave, given the set as it is (nil: absent) and the claims of
/// the guards naming it. Pure. Entries stay until their recorded expiry while their guard still
/// claims the set, so a new leader keeps them without the old one's memory. Never listed,
/// whatever a guard asks: a `neverDeny` range or the cluster's own node and pod ranges (the
/// engine skips them too; this is the last check before the write). At most the smallest
/// `maxEntries` of the claims, the highest-rate prefixes kept. CIDRs someone else put in the
/// set are left as they are.
struct DenyListConvergence: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case none
        case create(JSONValue)
        case patch(JSONValue)
        case delete
    }

    var action: Action
    var entries: [DenyRecord]
    static let expirySlack: TimeInterval = 60
    var summary: [String]
    /// The set's records did not all decode: what was lost, and what was done about it.
    var unreadable: String?
    /// Entries left off because their records would not fit `recordBytes`.
    var refused = 0
    /// The records' annotation is kept within 200 KiB of the API server's 256 KiB for all of an
    /// object's annotations (the rest is left for others, such as kubectl's last-applied): about
    /// 2,000 IPv4 entries at ~100 bytes each, fewer for IPv6 or a long guard name.
    static let recordBytes = 200 * 1024

    init(set: JSONValue?, kind: DenySetKind, name: String, claims: [DenyClaim], protected: [IPPrefix], now: Date) {
        let annotations = set?.value(atPath: "metadata.annotations")?.objectValue ?? [:]
        let reading = DenyRecord.read(annotations[DenyRecord.annotation]?.stringValue)
        var recorded = reading.records
        let claiming = Set(claims.map(\.guardName))
        let current = (set?.value(atPath: "spec.\(kind.field)")?.arrayValue ?? []).compactMap(\.stringValue)
        if let problem = reading.problem {
            // Whose a listed CIDR without a readable record is cannot be known. Taking it for
            // someone else's would keep CostGuard's entries forever; so the claiming guard adopts
            // it until its ttl, at the lowest rate (evicted first), and the status and an Event
            // name it. With no guard claiming the set, nothing is written until a person looks.
            let known = Set(recorded.compactMap(\.parsedPrefix))
            let lost = current.filter { text in IPPrefix(text).map { !known.contains($0) } ?? false }
            guard let owner = claims.min(by: { $0.guardName < $1.guardName }) else {
                action = .none
                entries = []
                summary = []
                unreadable = "\(kind.kind) \(name): \(problem); no guard claims the set, so it is left as it is"
                return
            }
            let expires = HPAAnnotations.text(now.addingTimeInterval(owner.ttl))
            recorded += lost.map { DenyRecord(prefix: $0, rps: 0, expires: expires, guardName: owner.guardName) }
            unreadable = "\(kind.kind) \(name): \(problem); " + (lost.isEmpty ? "every listed CIDR still has its record"
                : "\(lost.count) listed CIDR\(lost.count == 1 ? "" : "s") without one (\(lost.prefix(5).joined(separator: ", "))) "
                    + "kept as guard \(owner.guardName)'s until \(expires)")
        }

        // What the set holds for the claiming guards and what they claim now, unexpired, joined
        // as the replay joins several guards' plans.
        typealias Live = (prefix: IPPrefix, expiry: Date, record: DenyRecord)
        let live = (recorded.filter { claiming.contains($0.guardName) } + claims.flatMap(\.entries)).compactMap { record -> Live? in
            guard let prefix = record.parsedPrefix, let expiry = record.expiry, expiry > now else { return nil }
            return (prefix, expiry, record)
        }
        let joined = DenyListRules.join(live, prefix: \.prefix, expiry: { $0.expiry.timeIntervalSince1970 }, rps: { $0.record.rps },
                                        settingRate: { $0.record.rps = $1 })
        let neverDeny = claims.flatMap(\.neverDeny)
        let allowed = joined.filter { !DenyListRules.isNeverDenied($0.prefix, neverDeny: neverDeny, protected: protected) }
        let ranked = DenyListRules.highestRates(allowed, limit: claims.map(\.maxEntries).min() ?? 0,
                                                prefix: \.prefix, rps: { $0.record.rps })
            .map { var record = $0.record; record.prefix = $0.prefix.description; return record }
        // The records live in one annotation, and the API server refuses an object whose
        // annotations pass 256 KiB: the highest-rate entries whose records fit are kept.
        var used = 2  // the list's brackets
        var fitting: [DenyRecord] = []
        for record in ranked {
            let size = DenyRecord.encode([record]).utf8.count - 2 + (fitting.isEmpty ? 0 : 1)
            guard used + size <= Self.recordBytes else { break }
            used += size
            fitting.append(record)
        }
        refused = ranked.count - fitting.count
        entries = fitting.sorted { $0.prefix < $1.prefix }

        // A listed prefix is seen again every interval during an attack, which moves its expiry
        // and rate; rewriting the record each time would be a write per interval. The record
        // stands while it has more than a minute to run and is moved on before it runs out.
        let recordedByPrefix = Dictionary(recorded.map { ($0.prefix, $0) }, uniquingKeysWith: { first, _ in first })
        entries = entries.map { entry in
            guard let old = recordedByPrefix[entry.prefix], old.guardName == entry.guardName,
                  let oldExpiry = old.expiry, let newExpiry = entry.expiry, newExpiry >= oldExpiry,
                  oldExpiry.timeIntervalSince(now) > Self.expirySlack else { return entry }
            return old
        }

        // CIDRs in the set that CostGuard did not record are someone else's: kept, never counted.
        let recordedPrefixes = Set(recorded.compactMap(\.parsedPrefix))
        let others = current.filter { text in IPPrefix(text).map { !recordedPrefixes.contains($0) } ?? true }
        let wanted = others + entries.map(\.prefix).filter { !others.contains($0) }
        let created = annotations[DenyRecord.createdAnnotation]?.stringValue == "true"

        let added = Set(entries.map(\.prefix)).subtracting(current)
        let removed = Set(current).subtracting(wanted)
        var summary: [String] = []
        if !added.isEmpty { summary.append("denied \(added.sorted().joined(separator: ", "))") }
        if !removed.isEmpty { summary.append("removed \(removed.sorted().joined(separator: ", "))") }
        self.summary = summary

        guard let set else {
            // Created on the first entry; a guard with nothing to deny leaves no object behind.
            guard !entries.isEmpty else { action = .none; return }
            action = .create([
                "apiVersion": .string(kind.apiVersion), "kind": .string(kind.kind),
                "metadata": [
                    "name": .string(name),
                    "labels": [DenyRecord.policyLabel: "true",
                               ExternalMarks.changedLabel: .string(ExternalMarks.changedValue)],
                    "annotations": [DenyRecord.annotation: .string(DenyRecord.encode(entries)),
                                    DenyRecord.createdAnnotation: "true"],
                ],
                "spec": .object([kind.field: .array(wanted.map { .string($0) })]),
            ])
            return
        }
        if claims.isEmpty, created, others.isEmpty {
            // CostGuard made it, nothing else is in it and no guard uses it any more.
            action = .delete
            return
        }
        var metadata: [String: JSONValue] = [:]
        var annotationPatch: [String: JSONValue] = [:]
        var labelPatch: [String: JSONValue] = [:]
        let marked = set.value(atPath: "metadata.labels")?.objectValue?[ExternalMarks.changedLabel] != nil
        if claims.isEmpty {
            if annotations[DenyRecord.annotation] != nil { annotationPatch[DenyRecord.annotation] = .null }
            if marked { labelPatch[ExternalMarks.changedLabel] = .null }
        } else {
            let text = DenyRecord.encode(entries)
            if annotations[DenyRecord.annotation]?.stringValue != text { annotationPatch[DenyRecord.annotation] = .string(text) }
            if !marked { labelPatch[ExternalMarks.changedLabel] = .string(ExternalMarks.changedValue) }
        }
        if !annotationPatch.isEmpty { metadata["annotations"] = .object(annotationPatch) }
        if !labelPatch.isEmpty { metadata["labels"] = .object(labelPatch) }
        var body: [String: JSONValue] = [:]
        if wanted != current { body["spec"] = .object([kind.field: .array(wanted.map { .string($0) })]) }
        guard !metadata.isEmpty || !body.isEmpty else { action = .none; return }
        if let version = set.value(atPath: "metadata.resourceVersion")?.stringValue { metadata["resourceVersion"] = .string(version) }
        body["metadata"] = .object(metadata)
        action = .patch(.object(body))
    }
}
