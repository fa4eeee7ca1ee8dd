import KubeModel

/// The patch types the API accepts, each with its content type.
package enum PatchBody: Sendable, Hashable {
    /// RFC 7386: only the fields present change; `null` deletes.
    case merge(JSONValue)
    /// RFC 6902, usually led by a `test` op that guards against a concurrent change.
    case json([JSONPatchOperation])
    /// Strategic merge patch, for built-in kinds whose lists merge by key.
    case strategicMerge(JSONValue)

    package static let mergeContentType = "application/merge-patch+json"
    package static let jsonPatchContentType = "application/json-patch+json"
    package static let strategicMergeContentType = "application/strategic-merge-patch+json"

    package var contentType: String {
        switch self {
        case .merge: return Self.mergeContentType
        case .json: return Self.jsonPatchContentType
        case .strategicMerge: return Self.strategicMergeContentType
        }
    }

    package var bytes: [UInt8] {
        switch self {
        case .merge(let value), .strategicMerge(let value): return value.serialized()
        case .json(let operations): return JSONValue.array(operations.map(\.jsonValue)).serialized()
        }
    }
}
