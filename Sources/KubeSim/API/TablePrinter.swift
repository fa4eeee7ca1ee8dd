import Foundation
import KubeModel

/// A column of a Table, as metav1.TableColumnDefinition (every field is always written).
struct TableColumn: Sendable, Equatable {
    var name: String
    var type: String
    var format: String = ""
    var description: String
    var priority: Int = 0

    var json: JSONValue {
        ["name": .string(name), "type": .string(type), "format": .string(format),
         "description": .string(description), "priority": .int(Int64(priority))]
    }

    /// ObjectMeta's documentation, which kube-apiserver puts on every Name and Age column.
    static let nameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
    static let creationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    static let name = TableColumn(name: "Name", type: "string", format: "name", description: nameDescription)
    static let age = TableColumn(name: "Age", type: "string", description: creationTimestampDescription)
}

/// How one kind is printed: its columns, and the cells of one object (one per column;
/// `.null` is an empty cell). The server always computes every column, wide ones
/// included; kubectl hides priority > 0 columns unless asked for `-o wide`.
struct TablePrinter: Sendable {
    var columns: [TableColumn]
    var cells: @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]
}

extension JSONValue {
    /// `metadata.name`, empty when absent, as ObjectMeta's accessor gives it.
    var metadataName: String { value(atPath: "metadata.name")?.stringValue ?? "" }
}
