import KubeModel

/// How a served type's objects relate to the stored ones. Only Events differ: core/v1 and
/// events.k8s.io/v1 serve one store of core/v1-shaped Events, as kube-apiserver does, so a
/// write through either API reads through both. Every other kind is served as stored, with
/// nothing converted on its reads and writes.
enum ServedForm: Sendable, Equatable {
    case asStored
    case coreEvent
    case eventsV1Event

    /// A body written through this API, in the stored form.
    func storable(_ body: JSONValue) -> JSONValue {
        switch self {
        case .asStored: body
        case .coreEvent: EventConversion.storedCore(body)
        case .eventsV1Event: EventConversion.core(fromEventsV1: body)
        }
    }

    /// A stored value as this API serves it.
    func served(_ value: JSONValue) -> JSONValue {
        self == .eventsV1Event ? EventConversion.eventsV1(fromCore: value) : value
    }

    func served(_ object: StoredObject) -> StoredObject {
        self == .eventsV1Event ? StoredObject(served(object.value), resourceVersion: object.resourceVersion) : object
    }

    /// The serialized object as this API serves it (the cached bytes, unless converted).
    func bytes(of object: StoredObject) -> [UInt8] {
        self == .eventsV1Event ? served(object.value).serialized() : object.bytes
    }

    /// A field selector in the labels the stored form is matched with.
    func storedSelector(_ selector: FieldSelector) throws(APIFailure) -> FieldSelector {
        switch self {
        case .asStored: selector
        case .coreEvent: try EventFieldSelectors.coreSelector(selector, eventsV1: false)
        case .eventsV1Event: try EventFieldSelectors.coreSelector(selector, eventsV1: true)
        }
    }

    /// What a field selector reads: the object itself, or an Event's selectable fields.
    func selectable(_ value: JSONValue) -> JSONValue {
        self == .asStored ? value : EventFieldSelectors.selectableFields(of: value)
    }
}

extension ResourceType {
    static let coreEventsKey = ResourceKey(group: "", plural: "events")

    var servedForm: ServedForm {
        guard plural == "events" else { return .asStored }
        switch group {
        case "": return .coreEvent
        case "events.k8s.io": return .eventsV1Event
        default: return .asStored
        }
    }

    /// Where this type's objects are kept: events.k8s.io/v1 Events in core/v1's store.
    var storageKey: ResourceKey { servedForm == .eventsV1Event ? Self.coreEventsKey : key }
}
