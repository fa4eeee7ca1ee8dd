/// RFC 7386 JSON merge patches, as the operator writes them; KubeSim applies them
/// (`applyingMergePatch`, in KubeSim: the only part that needs to).
extension JSONValue {
    /// The merge patch that turns `original` into `modified`. Only changed members appear,
    /// so fields the caller's model does not know are never touched by the patch.
    package static func mergePatch(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let old) = original, case .object(let new) = modified else { return modified }
        var patch: [String: JSONValue] = [:]
        for key in old.keys where new[key] == nil {
            patch[key] = .null
        }
        for (key, newValue) in new {
            guard let oldValue = old[key] else {
                patch[key] = newValue
                continue
            }
            if oldValue == newValue { continue }
            if case .object = oldValue, case .object = newValue {
                patch[key] = mergePatch(from: oldValue, to: newValue)
            } else {
                patch[key] = newValue
            }
        }
        return .object(patch)
    }
}
