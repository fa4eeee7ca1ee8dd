import Foundation
import KubeModel

/// Turns objects, lists and watch events into `meta.k8s.io` Tables, as kube-apiserver does
/// for a GET whose Accept header asks for one.
struct TableRenderer: Sendable {
    let printer: TablePrinter
    let options: TableOptions
    /// Read per row, so ages stay right on a long watch.
    let now: @Sendable () -> Date

    /// A list body as ClusterState writes it: one row per item; the list's
    /// resourceVersion and continue token carry over.
    func list(_ body: [UInt8]) throws -> [UInt8] {
        let list = try JSONValue(parsing: body)
        var metadata: [String: JSONValue] = [:]
        for key in ["resourceVersion", "continue"] {
            if let value = list.value(atPath: "metadata.\(key)") { metadata[key] = value }
        }
        let rows = (list["items"]?.arrayValue ?? []).map(row)
        return table(rows: rows, metadata: metadata, headers: true).serialized()
    }

    /// One object (a GET by name): one row, and the object's resourceVersion.
    func single(_ object: JSONValue) -> [UInt8] {
        table(for: object, headers: true).serialized()
    }

    /// A watch line `{"type":…,"object":…}` with its object replaced by a one-row Table
    /// (a bookmark's too, as upstream). Upstream sends the column definitions with the first
    /// event only (kubectl reuses them), and passes Status objects (ERROR events) unchanged.
    func watchLine(_ line: [UInt8], headers: Bool) -> [UInt8] {
        guard var event = try? JSONValue(parsing: line), let object = event["object"],
              object["kind"]?.stringValue != "Status" else { return line }
        event["object"] = table(for: object, headers: headers)
        return event.serialized() + Array("\n".utf8)
    }

    func table(for object: JSONValue, headers: Bool) -> JSONValue {
        var metadata: [String: JSONValue] = [:]
        if let version = object.value(atPath: "metadata.resourceVersion") { metadata["resourceVersion"] = version }
        return table(rows: [row(object)], metadata: metadata, headers: headers)
    }

    func table(rows: [JSONValue], metadata: [String: JSONValue], headers: Bool) -> JSONValue {
        ["kind": "Table", "apiVersion": .string(options.apiVersion), "metadata": .object(metadata),
         "columnDefinitions": headers ? .array(printer.columns.map(\.json)) : .null,
         "rows": .array(rows)]
    }

    func row(_ object: JSONValue) -> JSONValue {
        let embedded: JSONValue
        switch options.includeObject {
        case .none: embedded = .null
        case .object: embedded = object
        case .metadata:
            embedded = ["kind": "PartialObjectMetadata", "apiVersion": .string(options.apiVersion),
                        "metadata": object["metadata"] ?? [:]]
        }
        return ["cells": .array(printer.cells(object, now())), "object": embedded]
    }
}
