import Foundation
import KubeModel
@testable import KubeSim
import Testing

/// Cells as kube-apiserver computes them: ages, Go's printing of values in string columns,
/// typed CRD cells, and the Node printer.
@Suite struct PrinterCellTests {
    @Test func agesUseUpstreamsTwoDurationFormats() {
        let long: [(TimeInterval, String)] = [
            (-5, "<invalid>"), (-1, "0s"), (0, "0s"), (119.9, "119s"), (120, "2m"), (330, "5m30s"), (600, "10m"),
            (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 300, "3h5m"), (30 * 3600, "30h"),
            (3 * 86400 + 4 * 3600, "3d4h"), (10 * 86400, "10d"), (3 * 365 * 86400 + 86400, "3y1d"), (9 * 365 * 86400, "9y"),
        ]
        for (interval, text) in long { #expect(HumanDuration.long(interval) == text, "\(interval)") }
        let short: [(TimeInterval, String)] = [
            (-5, "<invalid>"), (59, "59s"), (330, "5m"), (3 * 3600 + 300, "3h"), (3 * 86400 + 4 * 3600, "3d"), (400 * 86400, "1y"),
        ]
        for (interval, text) in short { #expect(HumanDuration.short(interval) == text, "\(interval)") }
    }

    @Test func stringColumnsPrintValuesAsGoDoes() {
        #expect(GoText.print("4.20") == "4.20")
        #expect(GoText.print(12) == "12")
        #expect(GoText.print(true) == "true")
        #expect(GoText.print(nil) == "<no value>")
        #expect(GoText.print(.double(4.2)) == "4.2")
        #expect(GoText.print(.double(0.0001)) == "0.0001")
        #expect(GoText.print(.double(0.00001)) == "1e-05")
        #expect(GoText.print(.double(123456)) == "123456")
        #expect(GoText.print(.double(1234567.5)) == "1.2345675e+06")
        #expect(GoText.print(.double(-2.5e21)) == "-2.5e+21")
        #expect(GoText.print(["b": [1, .double(1e21), .double(1e-7)], "a": "<x&y>"])
            == #"{"a":"\u003cx\u0026y\u003e","b":[1,1e+21,1e-7]}"#)
        #expect(GoText.print([.double(100), .double(0.5)]) == "[100,0.5]")
    }

    static let crd: JSONValue = [
        "metadata": ["name": "widgets.example.com"],
        "spec": ["versions": [
            ["name": "v1", "additionalPrinterColumns": [
                ["name": "Ready", "type": "string", "jsonPath": #".status.conditions[?(@.type=="Ready")].status"#],
                ["name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas", "description": "Wanted."],
                ["name": "Ratio", "type": "number", "jsonPath": ".spec.ratio"],
                ["name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"],
                ["name": "Zone", "type": "string", "jsonPath": ".spec.zones[0].name", "priority": 1],
                ["name": "Started", "type": "date", "jsonPath": ".status.startedAt"],
                ["name": "Odd", "type": "string", "jsonPath": ".spec[0:1]"],
            ]],
            ["name": "v2"],
        ]],
    ]
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func customResourceColumnsFollowTheServedVersion() {
        let v1 = CustomResourcePrinter.printer(crd: Self.crd, version: "v1")
        #expect(v1.columns.map(\.name) == ["Name", "Ready", "Replicas", "Ratio", "Paused", "Zone", "Started", "Odd"])
        #expect(v1.columns[0] == TableColumn.name)
        #expect(v1.columns[1].description == #"Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status"#)
        #expect(v1.columns[2].description == "Wanted.")
        #expect(v1.columns.map(\.priority) == [0, 0, 0, 0, 0, 1, 0, 0])
        // A version without columns gets Age alone, as a date.
        let v2 = CustomResourcePrinter.printer(crd: Self.crd, version: "v2")
        #expect(v2.columns.map(\.name) == ["Name", "Age"])
        #expect(v2.columns[1].type == "date")
    }

    @Test func customResourceCellsAreTypedAndMissingOnesEmpty() {
        let printer = CustomResourcePrinter.printer(crd: Self.crd, version: "v1")
        let full: JSONValue = [
            "metadata": ["name": "w"],
            "spec": ["replicas": .double(3.9), "ratio": 2, "paused": false, "zones": [["name": "eu-1"]]],
            "status": ["conditions": [["type": "Ready", "status": "True"]],
                       "startedAt": .string("2027-01-15T07:49:59.5Z")],
        ]
        #expect(printer.cells(full, Self.now) == ["w", "True", 3, .double(2), false, "eu-1", "10m", nil])
        let wrongTypes: JSONValue = ["metadata": ["name": "x"],
                                     "spec": ["replicas": "3", "ratio": "2", "paused": "no", "zones": [["name": 7]]],
                                     "status": ["startedAt": "yesterday"]]
        #expect(printer.cells(wrongTypes, Self.now) == ["x", nil, nil, nil, nil, "7", "<invalid>", nil])
        let bare: JSONValue = ["metadata": ["name": "y"], "status": ["startedAt": ""]]
        #expect(printer.cells(bare, Self.now) == ["y", nil, nil, nil, nil, nil, "<unknown>", nil])
    }

    @Test func nodesPrintStatusRolesAndWideColumns() {
        let node: JSONValue = [
            "metadata": ["name": "n1", "creationTimestamp": "2027-01-15T05:00:00Z",
                         "labels": ["node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/infra": "",
                                    "kubernetes.io/role": "edge", "node-role.kubernetes.io/": ""]],
            "spec": ["unschedulable": true],
            "status": ["conditions": [["type": "MemoryPressure", "status": "False"], ["type": "Ready", "status": "True"]],
                       "addresses": [["type": "Hostname", "address": "n1"], ["type": "InternalIP", "address": "10.0.0.5"]],
                       "nodeInfo": ["kubeletVersion": "v1.33.0", "osImage": "Debian GNU/Linux 12 (bookworm)"]],
        ]
        #expect(BuiltInPrinters.node.cells(node, Self.now) == [
            "n1", "Ready,SchedulingDisabled", "edge,infra,worker", "3h", "v1.33.0",
            "10.0.0.5", "<none>", "Debian GNU/Linux 12 (bookworm)", "<unknown>", "<unknown>",
        ])
        let bare: JSONValue = ["metadata": ["name": "n2"], "status": ["conditions": [["type": "Ready", "status": "Unknown"]]]]
        #expect(Array(BuiltInPrinters.node.cells(bare, Self.now).prefix(5)) == ["n2", "NotReady", "<none>", "<unknown>", ""])
        #expect(BuiltInPrinters.nodeStatus(["metadata": ["name": "n3"]]) == "Unknown")
        #expect(BuiltInPrinters.node.columns.filter { $0.priority == 0 }.map(\.name) == ["Name", "Status", "Roles", "Age", "Version"])
    }

    @Test func defaultConvertorKindsPrintTheCreationTime() {
        let cells = BuiltInPrinters.createdAt.cells(["metadata": ["name": "admin", "creationTimestamp": "2027-01-15T07:00:00+01:00"]], Self.now)
        #expect(cells == ["admin", "2027-01-15T06:00:00Z"])
        #expect(BuiltInPrinters.createdAt.cells(["metadata": ["name": "x"]], Self.now) == ["x", "0001-01-01T00:00:00Z"])
    }
}
