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
            metadata: ObjectMeta(name: nil, namespace: namespace),
            eventTime: stamp.replacingOccurrences(of: "Z", with: "000Z"),
            reportingController: Self.controller, reportingInstance: instance, action: action, reason: reason,
            regarding: ObjectReference(apiVersion: "costguard.dev/v1alpha1", kind: "CostGuard", name: guardName, uid: uid),
            note: Self.fitted(note, bytes: Self.noteLimit), type: kind.rawValue)
        var body = try? JSONValue(encoding: event)
        body?["metadata"] = ["generateName": .string("\(guardName).")]
        do {
            _ = try await client.create(.events, namespace: namespace, body: body ?? .null, as: .json)
            return true
        } catch {
            logger.warning("event not recorded", metadata: ["guard": "\(guardName)", "reason": "\(reason)", "error": "\(error)"])
            return false
        }
    }
}
