import KubeModel

/// `ValidateEventCreate` and `ValidateEventUpdate` (pkg/apis/core/validation/events.go): every
/// Event passes the legacy rules, checked on the stored (core/v1) shape as upstream checks its
/// internal one, so the field paths are core's (`involvedObject.namespace`, `message`), except
/// that a core/v1 request names `reportingComponent` where events.k8s.io/v1 names
/// `reportingController`. Only events.k8s.io/v1 adds the strict rules: object metadata with
/// DNS-1123 subdomain names, `eventTime`, a `type` of Normal or Warning, a valid series, and none
/// of the deprecated fields.
enum EventValidation {
    static let reportingInstanceLimit = 128
    static let actionLimit = 128
    static let reasonLimit = 128
    static let noteLimit = 1024

    static func create(_ event: JSONValue, eventsV1: Bool) -> [FieldError] {
        var errors = legacy(event, eventsV1: eventsV1)
        guard eventsV1 else { return errors }
        errors += ObjectMetaValidation.create(event["metadata"]?.objectValue ?? [:], namespaced: true, rule: .dns1123Subdomain)
        errors += series(event)
        if isZeroTime(event["eventTime"]) { errors.append(.required("eventTime")) }
        let type = text(event["type"])
        if type != "Normal", type != "Warning" { errors.append(.invalid("type", "", "has invalid value: \(type)")) }
        if !isZeroTime(event["firstTimestamp"]) { errors.append(.invalid("firstTimestamp", "", "needs to be unset")) }
        if !isZeroTime(event["lastTimestamp"]) { errors.append(.invalid("lastTimestamp", "", "needs to be unset")) }
        if (event["count"]?.intValue ?? 0) != 0 { errors.append(.invalid("count", "", "needs to be unset")) }
        if !text(event["source"]?["component"]).isEmpty || !text(event["source"]?["host"]).isEmpty {
            errors.append(.invalid("source", "", "needs to be unset"))
        }
        return errors
    }

    static func update(_ event: JSONValue, old: JSONValue, eventsV1: Bool) -> [FieldError] {
        var errors = legacy(event, eventsV1: eventsV1)
        guard eventsV1 else { return errors }
        if normalized(event["series"]) != normalized(old["series"]) { errors += series(event) }
        func immutable(_ field: String, path: String? = nil, _ printed: (JSONValue?) -> String) {
            let new = printed(event[field])
            if new != printed(old[field]) { errors.append(.invalid(path ?? field, printed: new, ObjectMetaValidation.immutable)) }
        }
        immutable("involvedObject") { objectReference($0) ?? objectReference([:])! }
        immutable("reason", quotedText)
        immutable("message", quotedText)
        immutable("source") { "core.EventSource{Component:\(quotedText($0?["component"])), Host:\(quotedText($0?["host"]))}" }
        immutable("firstTimestamp") { goTime($0) }
        immutable("lastTimestamp") { goTime($0) }
        immutable("count") { String($0?.intValue ?? 0) }
        immutable("type", quotedText)
        immutable("eventTime") { goTime($0) }
        immutable("action", quotedText)
        immutable("related") { objectReference($0) ?? "null" }
        immutable("reportingComponent", path: "reportingController", quotedText)
        immutable("reportingInstance", quotedText)
        return errors
    }

    /// `legacyValidateEvent`: the rules every Event meets, whichever API wrote it.
    static func legacy(_ event: JSONValue, eventsV1: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let namespace = text(event.value(atPath: "metadata.namespace"))
        let involvedNamespace = text(event["involvedObject"]?["namespace"])
        let mismatch = FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace")
        if isZeroTime(event["eventTime"]) {
            // An old-style Event: its namespace is its object's ("" or "default" for cluster-scoped objects).
            if involvedNamespace.isEmpty {
                if !namespace.isEmpty, namespace != "default" { errors.append(mismatch) }
            } else if namespace != involvedNamespace {
                errors.append(mismatch)
            }
        } else {
            if involvedNamespace.isEmpty, namespace != "default", namespace != "kube-system" { errors.append(mismatch) }
            let controllerField = eventsV1 ? "reportingController" : "reportingComponent"
            let controller = text(event["reportingComponent"])
            if controller.isEmpty { errors.append(.required(controllerField)) }
            errors += NameValidation.qualifiedName(controller).map { FieldError.invalid(controllerField, controller, $0) }
            let instance = text(event["reportingInstance"])
            if instance.isEmpty { errors.append(.required("reportingInstance")) }
            if instance.utf8.count > reportingInstanceLimit {
                errors.append(.invalid("reportingInstance", "", "can have at most \(reportingInstanceLimit) characters"))
            }
            let action = text(event["action"])
            if action.isEmpty { errors.append(.required("action")) }
            if action.utf8.count > actionLimit { errors.append(.invalid("action", "", "can have at most \(actionLimit) characters")) }
            let reason = text(event["reason"])
            if reason.isEmpty { errors.append(.required("reason")) }
            if reason.utf8.count > reasonLimit { errors.append(.invalid("reason", "", "can have at most \(reasonLimit) characters")) }
            if text(event["message"]).utf8.count > noteLimit {
                errors.append(.invalid("message", "", "can have at most \(noteLimit) characters"))
            }
        }
        errors += NameValidation.dns1123Subdomain(namespace).map { FieldError.invalid("namespace", namespace, $0) }
        return errors
    }

    /// `validateV1EventSeries`.
    static func series(_ event: JSONValue) -> [FieldError] {
        guard let series = event["series"], series != .null else { return [] }
        var errors: [FieldError] = []
        if (series["count"]?.intValue ?? 0) < 2 { errors.append(.invalid("series.count", "", "should be at least 2")) }
        if isZeroTime(series["lastObservedTime"]) { errors.append(.required("series.lastObservedTime")) }
        return errors
    }

    // MARK: Reading the untyped Event as Go's typed one reads

    static func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }

    static func quotedText(_ value: JSONValue?) -> String { FieldError.quoted(text(value)) }

    static func isZeroTime(_ value: JSONValue?) -> Bool {
        guard let time = value?.stringValue else { return true }
        return time.isEmpty || time.hasPrefix("0001-01-01T00:00:00")
    }

    static func goTime(_ value: JSONValue?) -> String {
        isZeroTime(value) ? "0001-01-01 00:00:00 +0000 UTC" : ObjectMetaValidation.goTime(text(value))
    }

    /// A series or reference compared as its typed form would be: unset and `null` alike.
    static func normalized(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// An ObjectReference as Go's `%#v` prints it; nil for a missing or null one.
    static func objectReference(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        let fields = [("Kind", "kind"), ("Namespace", "namespace"), ("Name", "name"), ("UID", "uid"),
                      ("APIVersion", "apiVersion"), ("ResourceVersion", "resourceVersion"), ("FieldPath", "fieldPath")]
        return "core.ObjectReference{" + fields.map { "\($0.0):\(quotedText(value[$0.1]))" }.joined(separator: ", ") + "}"
    }
}
