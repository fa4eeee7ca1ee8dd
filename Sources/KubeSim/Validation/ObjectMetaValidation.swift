import KubeModel

/// `ValidateObjectMeta` and `ValidateObjectMetaUpdate` (k8s.io/apimachinery/pkg/api/validation/objectmeta.go)
/// and the checks of the generic registry around them (k8s.io/apiserver/pkg/registry/rest):
/// what every kind's metadata must be on create, and what an update may not change.
enum ObjectMetaValidation {
    /// On create: a name (after generateName made one) and the generateName prefix by the
    /// kind's rule; the namespace a DNS-1123 label where the kind is namespaced; labels,
    /// annotations and finalizers.
    static func create(_ metadata: [String: JSONValue], namespaced: Bool, rule: NameRule) -> [FieldError] {
        var errors: [FieldError] = []
        if let generateName = metadata["generateName"]?.stringValue, !generateName.isEmpty {
            errors += rule.check(generateName, prefix: true).map { FieldError.invalid("metadata.generateName", generateName, $0) }
        }
        let name = metadata["name"]?.stringValue ?? ""
        if name.isEmpty {
            errors.append(.required("metadata.name", "name or generateName is required"))
        } else {
            errors += rule.check(name, prefix: false).map { FieldError.invalid("metadata.name", name, $0) }
        }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        if namespaced {
            if namespace.isEmpty {
                errors.append(.required("metadata.namespace"))
            } else {
                errors += NameValidation.dns1123Label(namespace).map { FieldError.invalid("metadata.namespace", namespace, $0) }
            }
        } else if !namespace.isEmpty {
            errors.append(.forbidden("metadata.namespace", "not allowed on this type"))
        }
        if let generation = metadata["generation"]?.intValue, generation < 0 {
            errors.append(.invalid("metadata.generation", printed: String(generation), "must be greater than or equal to 0"))
        }
        errors += labelsAndAnnotations(metadata)
        errors += LabelValidation.finalizers(metadata["finalizers"]?.arrayValue ?? [], field: "metadata.finalizers")
        return errors
    }

    /// On update (PUT or patch), before KubeSim keeps the fields the server keeps: no new
    /// finalizers once deletion started; `uid`, `deletionTimestamp` and
    /// `deletionGracePeriodSeconds` unchanged where the old object has them (an empty uid, a
    /// changed `creationTimestamp` or `generation` are quietly reset, as upstream's
    /// `BeforeUpdate` resets them); labels and annotations of the new object.
    static func update(new metadata: [String: JSONValue], old: [String: JSONValue]) -> [FieldError] {
        var errors: [FieldError] = []
        if old["deletionTimestamp"] != nil, old["deletionTimestamp"] != .null {
            let before = Set((old["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue))
            let added = Set((metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)).subtracting(before)
            if !added.isEmpty {
                let list = "[]string{" + added.sorted().map(FieldError.quoted).joined(separator: ", ") + "}"
                errors.append(.forbidden("metadata.finalizers",
                                         "no new finalizers can be added if the object is being deleted, found new finalizers \(list)"))
            }
        }
        if let uid = metadata["uid"]?.stringValue, !uid.isEmpty, uid != old["uid"]?.stringValue ?? "" {
            errors.append(.invalid("metadata.uid", uid, immutable))
        }
        let oldDeletion = old["deletionTimestamp"]?.stringValue
        if oldDeletion == nil, let deletion = metadata["deletionTimestamp"]?.stringValue {
            errors.append(.invalid("metadata.deletionTimestamp", printed: goTime(deletion), immutable))
        }
        if let grace = metadata["deletionGracePeriodSeconds"]?.intValue, grace != old["deletionGracePeriodSeconds"]?.intValue {
            errors.append(.invalid("metadata.deletionGracePeriodSeconds", printed: String(grace), immutable))
        }
        errors += labelsAndAnnotations(metadata)
        return errors
    }

    /// The URL names the object; a PUT or patched body naming another is a 400 (`checkName`
    /// in the apiserver's handlers), before any validation.
    static func checkName(_ metadata: [String: JSONValue], name: String, namespace: String?) throws {
        let bodyName = metadata["name"]?.stringValue ?? ""
        if bodyName != name {
            throw APIFailure.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let namespace, !namespace.isEmpty, let bodyNamespace = metadata["namespace"]?.stringValue,
           !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw APIFailure.badRequest("the namespace of the object (\(bodyNamespace)) does not match the namespace on the URL (\(namespace))")
        }
    }

    static let immutable = "field is immutable"

    static func labelsAndAnnotations(_ metadata: [String: JSONValue]) -> [FieldError] {
        LabelValidation.labels(metadata["labels"]?.objectValue ?? [:], field: "metadata.labels")
            + LabelValidation.annotations(metadata["annotations"]?.objectValue ?? [:], field: "metadata.annotations")
    }

    /// An RFC 3339 UTC time as Go's `time.Time.String()` prints it (`2026-01-02 03:04:05 +0000 UTC`);
    /// other texts as they are.
    static func goTime(_ text: String) -> String {
        guard text.hasSuffix("Z"), let separator = text.firstIndex(of: "T") else { return text }
        var clock = String(text[text.index(after: separator)...].dropLast())
        if clock.contains(".") {
            while clock.hasSuffix("0") { clock.removeLast() }
            if clock.hasSuffix(".") { clock.removeLast() }
        }
        return "\(text[..<separator]) \(clock) +0000 UTC"
    }
}

/// Where KubeSim's writes are validated: one call on create, one on update, for every kind.
/// Each throws one 422 with every cause, as the real server answers.
enum ObjectValidation {
    /// After the name is generated and the namespace set, before the object is stored.
    static func checkCreate(_ type: ResourceType, _ value: JSONValue) throws {
        let metadata = value["metadata"]?.objectValue ?? [:]
        let errors: [FieldError]
        switch type.servedForm {
        case .coreEvent, .eventsV1Event:
            errors = EventValidation.create(value, eventsV1: type.servedForm == .eventsV1Event)
                .orElse { ObjectMetaValidation.create(metadata, namespaced: true, rule: .pathSegment) }
        case .asStored:
            errors = ObjectMetaValidation.create(metadata, namespaced: type.namespaced, rule: type.nameRule)
        }
        guard errors.isEmpty else { throw APIFailure.invalid(type, metadata["name"]?.stringValue ?? "", errors) }
    }

    /// A PUT or patch result (`value`, in the stored form) against the stored object, after the
    /// resourceVersion check and before the kept fields are restored.
    static func checkUpdate(_ type: ResourceType, _ value: JSONValue, old: JSONValue, name: String, namespace: String?) throws {
        let metadata = value["metadata"]?.objectValue ?? [:]
        try ObjectMetaValidation.checkName(metadata, name: name, namespace: type.namespaced ? namespace : nil)
        let oldMetadata = old["metadata"]?.objectValue ?? [:]
        // The common checks first, then the kind's own (upstream's BeforeUpdate joins both lists).
        var errors = ObjectMetaValidation.update(new: metadata, old: oldMetadata)
        if type.servedForm != .asStored {
            errors += EventValidation.update(value, old: old, eventsV1: type.servedForm == .eventsV1Event)
        }
        guard errors.isEmpty else { throw APIFailure.invalid(type, name, errors) }
    }
}

extension [FieldError] {
    /// The strategy's errors, or when there are none, the generic checks that run after it
    /// (upstream's `BeforeCreate` stops at the first list that is not empty).
    func orElse(_ next: () -> [FieldError]) -> [FieldError] { isEmpty ? next() : self }
}
