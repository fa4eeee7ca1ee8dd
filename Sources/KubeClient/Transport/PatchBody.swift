import KubeModel

/// The patch types the API accepts, each with its content type.
public enum PatchBody: Sendable, Hashable {
    /// RFC 7386: only the fields present change; `null` deletes.
    case merge(JSONValue)
    /// RFC 6902, usually led by a `test` op that guards against a concurrent change.
    case json([JSONPatchOperation])
    /// Strategic merge patch, for built-in kinds whose lists merge by key.
    case strategicMerge(JSONValue)

    public static let mergeContentType = "application/merge-patch+json"
    public static let jsonPatchContentType = "application/json-patch+json"
    public static let strategicMergeContentType = "application/strategic-merge-patch+json"

    public var contentType: String {
        switch self {
        case .merge: return Self.mergeContentType
        case .json: return Self.jsonPatchContentType
        case .strategicMerge: return Self.strategicMergeContentType
        }
    }

    public var bytes: [UInt8] {
        switch self {
        case .merge(let value), .strategicMerge(let value): return value.serialized()
        case .json(let operations): return JSONValue.array(operations.map(\.jsonValue)).serialized()
        }
    }
}
