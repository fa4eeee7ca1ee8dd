import KubeModel

/// One Event in its two shapes, converted field by field as kube-apiserver converts them
/// (pkg/apis/events/v1/conversion.go). The core/v1 shape is the stored one: upstream keeps
/// every Event in core's storage, whichever API wrote it. Both directions write what Go's
/// encoder always writes (an unset struct as `{}`, an unset time as `null`) and leave out what
/// `omitempty` drops, so a read looks like the real server's.
enum EventConversion {
    /// Fields with the same name in both versions.
    static let sameName = ["metadata", "eventTime", "series", "reportingInstance", "action", "reason", "related", "type"]

    /// Fields events.k8s.io/v1 renamed.
    static let renamed: [(core: String, eventsV1: String)] = [
        ("involvedObject", "regarding"), ("message", "note"), ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"), ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"), ("count", "deprecatedCount"),
    ]

    /// core/v1 fields without `omitempty`, or structs (which `omitempty` never drops), as Go writes them unset.
    static let coreAlwaysWritten: [String: JSONValue] = [
        "involvedObject": [:], "source": [:], "firstTimestamp": .null, "lastTimestamp": .null, "eventTime": .null,
        "reportingComponent": "", "reportingInstance": "",
    ]

    /// The same for events.k8s.io/v1.
    static let eventsV1AlwaysWritten: [String: JSONValue] = [
        "eventTime": .null, "regarding": [:], "deprecatedSource": [:],
        "deprecatedFirstTimestamp": .null, "deprecatedLastTimestamp": .null,
    ]

    /// A stored (core/v1) Event as events.k8s.io/v1 serves it. Fields core/v1 does not define
    /// have no place in events.k8s.io/v1 and are left out, as upstream's typed conversion does.
    static func eventsV1(fromCore core: JSONValue) -> JSONValue {
        var event: [String: JSONValue] = [:]
        for field in sameName { event[field] = core[field] }
        for (coreName, eventsV1Name) in renamed { event[eventsV1Name] = core[coreName] }
        event["apiVersion"] = "events.k8s.io/v1"
        event["kind"] = "Event"
        return written(event, always: eventsV1AlwaysWritten)
    }

    /// An events.k8s.io/v1 Event in the stored (core/v1) shape; fields events.k8s.io/v1 does
    /// not define are dropped.
    static func core(fromEventsV1 event: JSONValue) -> JSONValue {
        var core: [String: JSONValue] = [:]
        for field in sameName { core[field] = event[field] }
        for (coreName, eventsV1Name) in renamed { core[coreName] = event[eventsV1Name] }
        return storedCore(.object(core))
    }

    /// A core/v1 Event as stored: apiVersion and kind of the storage version, Go's always-written
    /// fields present. Other fields stay, as KubeSim stores untyped JSON.
    static func storedCore(_ value: JSONValue) -> JSONValue {
        guard var members = value.objectValue else { return value }
        members["apiVersion"] = "v1"
        members["kind"] = "Event"
        return written(members, always: coreAlwaysWritten)
    }

    /// Drops what `omitempty` leaves out at the top level (null, "", 0: Events have no other
    /// top-level scalars) and fills in what Go always writes.
    static func written(_ members: [String: JSONValue], always: [String: JSONValue]) -> JSONValue {
        var result = members.filter { _, value in value != .null && value != "" && value != 0 }
        for (field, unset) in always where result[field] == nil { result[field] = unset }
        return .object(result)
    }
}
