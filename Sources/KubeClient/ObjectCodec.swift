import Foundation
import KubeModel

/// How answers become values. `.readable` uses the type's focused reader (fast, skips
/// unknown members); `.codable` uses Foundation's decoder; `map` narrows to a projection
/// so caches keep only the fields their callers use.
package struct ObjectCodec<Object: Sendable>: Sendable {
    package let decodeObject: @Sendable ([UInt8]) throws -> Object
    package let decodeList: @Sendable ([UInt8]) throws -> ObjectList<Object>
    package let decodeEvent: @Sendable (ArraySlice<UInt8>) throws -> WatchEvent<Object>

    package init(decodeObject: @escaping @Sendable ([UInt8]) throws -> Object,
                decodeList: @escaping @Sendable ([UInt8]) throws -> ObjectList<Object>,
                decodeEvent: @escaping @Sendable (ArraySlice<UInt8>) throws -> WatchEvent<Object>) {
        self.decodeObject = decodeObject
        self.decodeList = decodeList
        self.decodeEvent = decodeEvent
    }

    package func map<Other: Sendable>(_ transform: @escaping @Sendable (Object) -> Other) -> ObjectCodec<Other> {
        ObjectCodec<Other>(
            decodeObject: { transform(try self.decodeObject($0)) },
            decodeList: { bytes in
                let list = try self.decodeList(bytes)
                return ObjectList(apiVersion: list.apiVersion, kind: list.kind, metadata: list.metadata,
                                  items: list.items.map(transform))
            },
            decodeEvent: { try self.decodeEvent($0).map(transform) })
    }
}

extension ObjectCodec where Object: Decodable {
    package static func codable(_ type: Object.Type = Object.self) -> ObjectCodec<Object> {
        ObjectCodec(
            decodeObject: { try JSONDecoder().decodeLocated(Object.self, from: Data($0)) },
            decodeList: { try JSONDecoder().decodeLocated(ObjectList<Object>.self, from: Data($0)) },
            decodeEvent: { try JSONDecoder().decodeLocated(WatchEvent<Object>.self, from: Data($0)) })
    }
}

extension ObjectCodec where Object: JSONReadable {
    package static func readable(_ type: Object.Type = Object.self) -> ObjectCodec<Object> {
        ObjectCodec(
            decodeObject: { try Object(json: $0) },
            decodeList: { try ObjectList<Object>(json: $0) },
            decodeEvent: { try WatchEvent<Object>(line: $0) })
    }
}

extension ObjectCodec {
    /// Any object as untyped JSON.
    package static var json: ObjectCodec<CustomObject> { .readable(CustomObject.self) }
}

/// Decoding errors get the one wrapping every caller expects.
func decoding<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw KubeError(code: .decoding, message: "cannot decode \(what)", cause: error)
    }
}
