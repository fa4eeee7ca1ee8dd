/// One line of a watch stream. A BOOKMARK carries only a resourceVersion (and, on a
/// streaming list, the `k8s.io/initial-events-end` mark) and an ERROR carries a `Status`
/// (410 Gone when the resourceVersion is too old).
package enum WatchEvent<Object> {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// `initialEventsEnd`: the bookmark that ends a streaming list's initial events
    /// (`sendInitialEvents=true`): the objects before it are the whole collection at its version.
    case bookmark(resourceVersion: String, initialEventsEnd: Bool = false)
    case error(Status)

    /// The annotation that marks the bookmark ending a streaming list's initial events.
    package static var initialEventsEndAnnotation: String { "k8s.io/initial-events-end" }

    package enum EventType: String, Sendable, Hashable, Codable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK", error = "ERROR"
    }

    package var type: EventType {
        switch self {
        case .added: return .added
        case .modified: return .modified
        case .deleted: return .deleted
        case .bookmark: return .bookmark
        case .error: return .error
        }
    }

    package var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): return object
        case .bookmark, .error: return nil
        }
    }

    package func map<Other>(_ transform: (Object) throws -> Other) rethrows -> WatchEvent<Other> {
        switch self {
        case .added(let object): return .added(try transform(object))
        case .modified(let object): return .modified(try transform(object))
        case .deleted(let object): return .deleted(try transform(object))
        case .bookmark(let resourceVersion, let end): return .bookmark(resourceVersion: resourceVersion, initialEventsEnd: end)
        case .error(let status): return .error(status)
        }
    }
}

extension WatchEvent: Sendable where Object: Sendable {}
extension WatchEvent: Equatable where Object: Equatable {}

enum WatchEventCodingKeys: String, CodingKey { case type, object }

struct BookmarkObject: Codable {
    struct Metadata: Codable {
        var resourceVersion: String?
        var annotations: [String: String]?
    }
    var metadata: Metadata
}

extension WatchEvent: Decodable where Object: Decodable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WatchEventCodingKeys.self)
        switch try container.decode(EventType.self, forKey: .type) {
        case .added: self = .added(try container.decode(Object.self, forKey: .object))
        case .modified: self = .modified(try container.decode(Object.self, forKey: .object))
        case .deleted: self = .deleted(try container.decode(Object.self, forKey: .object))
        case .bookmark:
            let object = try container.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: object.metadata.resourceVersion ?? "",
                             initialEventsEnd: object.metadata.annotations?[Self.initialEventsEndAnnotation] == "true")
        case .error: self = .error(try container.decode(Status.self, forKey: .object))
        }
    }

}

extension WatchEvent: Encodable where Object: Encodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WatchEventCodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .added(let object), .modified(let object), .deleted(let object):
            try container.encode(object, forKey: .object)
        case .bookmark(let resourceVersion, let end):
            let annotations = end ? [Self.initialEventsEndAnnotation: "true"] : nil
            try container.encode(BookmarkObject(metadata: .init(resourceVersion: resourceVersion, annotations: annotations)),
                                 forKey: .object)
        case .error(let status): try container.encode(status, forKey: .object)
        }
    }
}

extension WatchEvent where Object: JSONReadable {
    /// Decodes one watch line with the object's own reader.
    package init<Bytes: Collection>(line bytes: Bytes) throws where Bytes.Element == UInt8 {
        self = try JSONReader.read(bytes) { reader in try Self.read(&reader) }
    }

    static func read(_ reader: inout JSONReader) throws -> WatchEvent<Object> {
        var type: EventType?
        var deferredObject: Int?
        var event: WatchEvent<Object>?
        try reader.readObject { reader, key in
            if key.matches("type") {
                let name = try reader.readString()
                guard let parsed = EventType(rawValue: name) else {
                    throw reader.error(.unexpectedType, "unknown watch event type \(name)")
                }
                type = parsed
            } else if key.matches("object") {
                reader.skipWhitespace()
                if let type {
                    event = try readObject(&reader, type: type)
                } else {
                    // The server writes type first; cope with the other order all the same.
                    deferredObject = reader.index
                    try reader.skipValue()
                }
            }
        }
        guard let type else { throw reader.error(.missingField, "watch event without type") }
        if let event { return event }
        guard let deferredObject else { throw reader.error(.missingField, "watch event without object") }
        var objectReader = JSONReader(bytes: reader.bytes)
        objectReader.index = deferredObject
        return try readObject(&objectReader, type: type)
    }

    static func readObject(_ reader: inout JSONReader, type: EventType) throws -> WatchEvent<Object> {
        switch type {
        case .added: return .added(try Object(reading: &reader))
        case .modified: return .modified(try Object(reading: &reader))
        case .deleted: return .deleted(try Object(reading: &reader))
        case .error: return .error(try Status(reading: &reader))
        case .bookmark:
            var resourceVersion = ""
            var end = false
            try reader.readObject { reader, key in
                guard key.matches("metadata") else { return }
                try reader.readObject { reader, key in
                    if key.matches("resourceVersion") {
                        resourceVersion = try reader.readString()
                    } else if key.matches("annotations") {
                        end = try reader.readStringMap()[initialEventsEndAnnotation] == "true"
                    }
                }
            }
            return .bookmark(resourceVersion: resourceVersion, initialEventsEnd: end)
        }
    }
}

extension Status: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        // Decoding the tree would say only "expected a dictionary", without where.
        guard try reader.peekKind() == .object else { throw reader.error(.unexpectedType, "expected a Status object") }
        let start = reader.index
        do {
            self = try JSONValue(reading: &reader).decode()
        } catch let error as DecodingError {
            throw JSONError(.unexpectedType, "the Status object does not decode: \(error)", offset: start)
        }
    }
}
