import Foundation
import KubeModel

/// The Table printer the apiextensions server builds for a CRD version: Name, then the
/// version's `additionalPrinterColumns` in order. A version without columns gets a single
/// Age column (upstream's defaulting); a version with columns gets no extra Age.
enum CustomResourcePrinter {
    struct Column: Sendable {
        var definition: TableColumn
        /// nil when the path uses JSONPath KubeSim does not read: the cells stay empty.
        var path: JSONPath?
    }

    static func printer(crd: JSONValue, version: String) -> TablePrinter {
        let served = crd.value(atPath: "spec.versions")?.arrayValue?.first { $0["name"]?.stringValue == version }
        var definitions = served?["additionalPrinterColumns"]?.arrayValue ?? []
        if definitions.isEmpty {
            definitions = [["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp",
                            "description": .string(TableColumn.creationTimestampDescription)]]
        }
        let columns = definitions.map(column)
        return TablePrinter(columns: [TableColumn.name] + columns.map(\.definition)) { object, now in
            [.string(object.metadataName)] + columns.map { cell($0, object: object, now: now) }
        }
    }

    static func column(_ definition: JSONValue) -> Column {
        let jsonPath = definition["jsonPath"]?.stringValue ?? ""
        let description = definition["description"]?.stringValue ?? ""
        return Column(
            definition: TableColumn(
                name: definition["name"]?.stringValue ?? "", type: definition["type"]?.stringValue ?? "",
                format: definition["format"]?.stringValue ?? "",
                description: description.isEmpty ? "Custom resource definition column (in JSONPath format): \(jsonPath)" : description,
                priority: Int(definition["priority"]?.intValue ?? 0)),
            path: try? JSONPath(jsonPath))
    }

    /// The cell for one column: the first value the path reaches, typed as the column
    /// says; a value missing or of the wrong type is an empty cell (JSON null), which
    /// kubectl prints as nothing.
    static func cell(_ column: Column, object: JSONValue, now: Date) -> JSONValue {
        guard let value = column.path?.firstValue(in: object) else { return .null }
        switch column.definition.type {
        case "string":
            return .string(GoText.print(value))
        case "integer":
            switch value {
            case .int: return value
            // Go converts with int64(f): toward zero.
            case .double(let number) where number.isFinite && abs(number) < 9.2e18: return .int(Int64(number))
            default: return .null
            }
        case "number":
            switch value {
            case .int(let integer): return .double(Double(integer))
            case .double: return value
            default: return .null
            }
        case "boolean":
            if case .bool = value { return value }
            return .null
        case "date":
            guard case .string(let text) = value else { return .null }
            if text.isEmpty || text == "null" { return "<unknown>" }
            guard let date = Timestamp.parse(text) else { return "<invalid>" }
            return .string(HumanDuration.short(now.timeIntervalSince(date)))
        default:
            return .null
        }
    }
}
