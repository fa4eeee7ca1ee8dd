import KubeModel

/// An object as the simulator keeps it: untyped, so every field survives, with its
/// serialized form cached for lists and watches.
struct StoredObject: Sendable {
    var value: JSONValue
    var bytes: [UInt8]
    var resourceVersion: Int64

    init(_ value: JSONValue, resourceVersion: Int64) {
        self.value = value
        self.bytes = value.serialized()
        self.resourceVersion = resourceVersion
    }

    var namespace: String? { value.value(atPath: "metadata.namespace")?.stringValue }
    var labels: [String: String] { value.value(atPath: "metadata.labels")?.stringMap ?? [:] }
}

/// A change kept for watches that resume from an older resourceVersion.
struct HistoryEntry: Sendable {
    var resourceVersion: Int64
    var key: ResourceKey
    var type: String
    var object: StoredObject
}

/// What a watch stream carries: an event line, or the order to cut the connection.
enum WatchFrame: Sendable {
    case line([UInt8])
    case drop
}

struct WatchRegistration: Sendable {
    /// The store watched (both Event APIs watch core/v1's).
    var key: ResourceKey
    /// How the watched API serves the stored objects.
    var form: ServedForm
    var namespace: String?
    var labelSelector: LabelSelector?
    var fieldSelector: FieldSelector?
    var continuation: AsyncStream<WatchFrame>.Continuation

    func matches(_ object: StoredObject) -> Bool {
        if let namespace, object.namespace != namespace { return false }
        if let labelSelector, !labelSelector.matches(object.labels) { return false }
        if let fieldSelector, !fieldSelector.matches(form.selectable(object.value)) { return false }
        return true
    }

    /// A watch line carrying the object as this watch's API serves it.
    func line(type: String, object: StoredObject) -> [UInt8] {
        Self.line(type: type, object: form.bytes(of: object))
    }

    static func line(type: String, object: [UInt8]) -> [UInt8] {
        var line = Array("{\"type\":\"\(type)\",\"object\":".utf8)
        line += object
        line += Array("}\n".utf8)
        return line
    }
}
