import Foundation
import KubeModel

/// Table printers for the built-in kinds. Nodes, namespaces, leases, events (both APIs) and
/// HorizontalPodAutoscalers print as kube-apiserver's printers do
/// (pkg/printers/internalversion); CRDs, ClusterRoles and Roles use upstream's default
/// convertor (Name, Created At); every other kind gets Name and Age only, where upstream
/// shows more columns.
enum BuiltInPrinters {
    static func printer(for type: ResourceType) -> TablePrinter {
        switch (type.group, type.plural) {
        case ("", "nodes"): return node
        case ("", "namespaces"): return namespace
        case ("coordination.k8s.io", "leases"): return lease
        case ("", "events"): return event
        case ("events.k8s.io", "events"): return eventsV1Event
        case ("autoscaling", "horizontalpodautoscalers"): return horizontalPodAutoscaler
        case ("apiextensions.k8s.io", "customresourcedefinitions"),
             ("rbac.authorization.k8s.io", "clusterroles"), ("rbac.authorization.k8s.io", "roles"):
            return createdAt
        default: return nameAndAge
        }
    }

    static let nameAndAge = TablePrinter(columns: [.name, .age]) { object, now in
        [.string(object.metadataName), .string(Timestamp.age(of: object, now: now))]
    }

    /// rest.NewDefaultTableConvertor: the creation time itself, in RFC 3339 UTC.
    static let createdAt = TablePrinter(
        columns: [.name, TableColumn(name: "Created At", type: "date", description: TableColumn.creationTimestampDescription)]
    ) { object, _ in
        // Without a creationTimestamp Go formats its zero time.
        let created = object.value(atPath: "metadata.creationTimestamp")?.stringValue.flatMap(Timestamp.parse)
        return [.string(object.metadataName), .string(created.map(rfc3339) ?? "0001-01-01T00:00:00Z")]
    }

    static let namespace = TablePrinter(
        columns: [.name, TableColumn(name: "Status", type: "string", description: "The status of the namespace"), .age]
    ) { object, now in
        [.string(object.metadataName), .string(object.value(atPath: "status.phase")?.stringValue ?? ""),
         .string(Timestamp.age(of: object, now: now))]
    }

    static let lease = TablePrinter(
        columns: [.name,
                  TableColumn(name: "Holder", type: "string",
                              description: "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."),
                  .age]
    ) { object, now in
        [.string(object.metadataName), .string(object.value(atPath: "spec.holderIdentity")?.stringValue ?? ""),
         .string(Timestamp.age(of: object, now: now))]
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
