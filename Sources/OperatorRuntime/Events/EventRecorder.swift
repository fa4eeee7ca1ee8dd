import Foundation
import KubeClient
import KubeModel
import Logging
import Synchronization

/// Records events.k8s.io/v1 Events about CostGuards. The same (guard, reason, note) within
/// `dedupeWindow` is sent once (Karpenter's dedupe), so a flapping decision does not flood
/// the API. An Event that cannot be written is dropped, as client-go's recorder does: it is a
/// report, never a reason to stop enforcing.
final class EventRecorder: Sendable {
    static let controller = "costguard.dev/operator"
    let client: Client
    let instance: String
    let namespace: String
    let dedupeWindow: TimeInterval
    let logger: Logger
    private let recent = Mutex<[String: Date]>([:])

    init(client: Client, instance: String, namespace: String = "default", dedupeWindow: TimeInterval = 600, logger: Logger) {
        self.client = client
        self.instance = instance
        self.namespace = namespace
        self.dedupeWindow = dedupeWindow
        self.logger = logger
    }

    enum Kind: String { case normal = "Normal", warning = "Warning" }

    /// The API refuses an Event whose note is over 1 kB, counted in UTF-8 bytes.
    static let noteLimit = 1024

    /// The longest prefix of whole characters within `bytes` UTF-8 bytes, with "…" when cut.
    static func fitted(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var kept = ""
        var used = "…".utf8.count
        for character in text {
            used += character.utf8.count
            guard used <= bytes else { break }
            kept.append(character)
        }
        return kept + "…"
    }

    /// A full name, as client-go's recorder and the kubelet name Events: `<guard>.<hex>`, the hex being
    /// the time in nanoseconds and four random digits (the demo's stepped clock gives one guard
    /// several Events at one instant). It is a DNS-1123 subdomain, as the API requires of a name:
    /// a generateName of `<guard>.` is refused for its trailing dot. The guard's part is cut so the
    /// whole fits the 253 characters a subdomain may have.
    static func eventName(guardName: String, at time: Date) -> String {
        let nanoseconds = UInt64(min(max(0, (time.timeIntervalSince1970 * 1e9).rounded()), 1.8e19))
        let random = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        let suffix = String(nanoseconds, radix: 16) + String(repeating: "0", count: 4 - random.count) + random
        var prefix = String(guardName.prefix(252 - suffix.count))
        while let last = prefix.last, !(last.isASCII && (last.isLetter || last.isNumber)) { prefix.removeLast() }
        return prefix + "." + suffix
    }

    /// Returns whether an API write was made (false when deduplicated or failed).
    @discardableResult
    func record(guardName: String, uid: String?, kind: Kind, reason: String, action: String, note: String,
                now: Date) async -> Bool {
        let key = "\(guardName)\u{0}\(reason)\u{0}\(note)"
        let fresh = recent.withLock { recent -> Bool in
            if let last = recent[key], now.timeIntervalSince(last) < dedupeWindow { return false }
            recent[key] = now
            if recent.count > 4096 { recent = recent.filter { now.timeIntervalSince($0.value) < dedupeWindow } }
            return true
        }
        guard fresh else { return false }
        let stamp = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let event = Event(
            metadata: ObjectMeta(name: Self.eventName(guardName: guardName, at: now), namespace: namespace),
            eventTime: stamp.replacingOccurrences(of: "Z", with: "000Z"),
            reportingController: Self.controller, reportingInstance: instance, action: action, reason: reason,
            regarding: ObjectReference(apiVersion: "costguard.dev/v1alpha1", kind: "CostGuard", name: guardName, uid: uid),
            note: Self.fitted(note, bytes: Self.noteLimit), type: kind.rawValue)
        let body: JSONValue
        do {
            body = try JSONValue(encoding: event)
        } catch {
            logger.warning("event not recorded: it does not encode", metadata: ["guard": "\(guardName)", "reason": "\(reason)", "error": "\(error)"])
            return false
        }
        do {
            _ = try await client.create(.events, namespace: namespace, body: body, as: .json)
            return true
        } catch {
            logger.warning("event not recorded", metadata: ["guard": "\(guardName)", "reason": "\(reason)", "error": "\(error)"])
            return false
        }
    }
}
