import Foundation
import KubeModel

/// kube-apiserver's Event printer (printEvent in pkg/printers/internalversion): what `kubectl
/// get events` shows. Upstream prints the one internal Event behind both APIs, so an
/// events.k8s.io/v1 Event is printed from its core/v1 form and both print alike. As for every
/// built-in, the server fills the wide cells too; kubectl shows them with `-o wide`.
extension BuiltInPrinters {
    static let event = TablePrinter(columns: eventColumns) { object, now in eventCells(object, now: now) }

    static let eventsV1Event = TablePrinter(columns: eventColumns) { object, now in
        eventCells(EventConversion.core(fromEventsV1: object), now: now)
    }

    static let eventColumns: [TableColumn] = [
        TableColumn(name: "Last Seen", type: "string",
                    description: "The time at which the most recent occurrence of this event was recorded."),
        TableColumn(name: "Type", type: "string",
                    description: "Type of this event (Normal, Warning), new types could be added in the future"),
        TableColumn(name: "Reason", type: "string",
                    description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        TableColumn(name: "Object", type: "string", description: "The object that this event is about."),
        TableColumn(name: "Subobject", type: "string",
                    description: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.",
                    priority: 1),
        TableColumn(name: "Source", type: "string",
                    description: "The component reporting this event. Should be a short machine understandable string.", priority: 1),
        TableColumn(name: "Message", type: "string", description: "A human-readable description of the status of this operation."),
        TableColumn(name: "First Seen", type: "string",
                    description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", priority: 1),
        TableColumn(name: "Count", type: "string", description: "The number of times this event has occurred.", priority: 1),
        TableColumn(name: "Name", type: "string", format: "name", description: TableColumn.nameDescription, priority: 1),
    ]

    /// The cells of a core/v1 Event. New-style Events (events.k8s.io writers) carry eventTime
    /// and series instead of first/last timestamps and count; a singleton counts once.
    static func eventCells(_ event: JSONValue, now: Date) -> [JSONValue] {
        func text(_ path: String) -> String { event.value(atPath: path)?.stringValue ?? "" }
        func age(_ path: String) -> String? {
            event.value(atPath: path)?.stringValue.flatMap(Timestamp.parse).map { HumanDuration.long(now.timeIntervalSince($0)) }
        }
        let firstSeen = age("firstTimestamp") ?? age("eventTime") ?? "<unknown>"
        var lastSeen = age("lastTimestamp") ?? firstSeen
        var count = event["count"]?.intValue ?? 0
        if let series = event["series"], series != .null {
            lastSeen = age("series.lastObservedTime") ?? "<unknown>"
            count = series["count"]?.intValue ?? 0
        } else if count == 0 {
            count = 1
        }
        let kind = text("involvedObject.kind").lowercased()
        let name = text("involvedObject.name")
        return [
            .string(lastSeen), .string(text("type")), .string(text("reason")),
            .string(name.isEmpty ? kind : "\(kind)/\(name)"), .string(text("involvedObject.fieldPath")),
            .string(eventSource(event)), .string(text("message").trimmingCharacters(in: .whitespacesAndNewlines)),
            .string(firstSeen), .int(count), .string(event.metadataName),
        ]
    }

    /// `component, instance`: each from the deprecated source, else from the reporting fields.
    static func eventSource(_ event: JSONValue) -> String {
        func firstNonEmpty(_ paths: String...) -> String {
            paths.lazy.compactMap { event.value(atPath: $0)?.stringValue }.first { !$0.isEmpty } ?? ""
        }
        let component = firstNonEmpty("source.component", "reportingComponent")
        let instance = firstNonEmpty("source.host", "reportingInstance")
        return instance.isEmpty ? component : "\(component), \(instance)"
    }
}
