import KubeModel

/// Labels, annotations and finalizers as upstream checks them (apimachinery's
/// `ValidateLabels`, `ValidateAnnotations`, `ValidateFinalizers`). Keys are checked in sorted
/// order, so a 422 lists its causes the same way every time (Go's map order is random).
enum LabelValidation {
    /// `TotalAnnotationSizeLimitB`: keys and values together, in bytes.
    static let totalAnnotationSizeLimit = 256 * 1024

    /// Each key a qualified name; each value at most 63 bytes of the label-value pattern.
    /// A value that is not a string is not a label the real server could decode; it is refused
    /// as the string it is not.
    static func labels(_ labels: [String: JSONValue], field: String) -> [FieldError] {
        var errors: [FieldError] = []
        for key in labels.keys.sorted() {
            errors += NameValidation.qualifiedName(key).map { FieldError.invalid(field, key, $0) }
            let value = labels[key]?.stringValue ?? ""
            errors += NameValidation.labelValue(value).map { FieldError.invalid(field, value, $0) }
        }
        return errors
    }

    /// Each key a qualified name once lowercased (case does not matter for annotation keys);
    /// keys and values together at most 256 KiB.
    static func annotations(_ annotations: [String: JSONValue], field: String) -> [FieldError] {
        var errors: [FieldError] = []
        var total = 0
        for key in annotations.keys.sorted() {
            errors += NameValidation.qualifiedName(key.lowercased()).map { FieldError.invalid(field, key, $0) }
            total += key.utf8.count + (annotations[key]?.stringValue?.utf8.count ?? 0)
        }
        if total > totalAnnotationSizeLimit { errors.append(.tooLong(field, maxBytes: totalAnnotationSizeLimit)) }
        return errors
    }

    /// Each finalizer a qualified name (`ValidateFinalizerName`).
    static func finalizers(_ finalizers: [JSONValue], field: String) -> [FieldError] {
        finalizers.compactMap(\.stringValue).flatMap { finalizer in
            NameValidation.qualifiedName(finalizer).map { FieldError.invalid(field, finalizer, $0) }
        }
    }
}
