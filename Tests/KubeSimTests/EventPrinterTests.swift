import Foundation
import KubeModel
@testable import KubeSim
import Testing

/// The Event printer's cells, as kube-apiserver's printEvent computes them (wide cells
/// included): old-style Events with timestamps and a count, new-style ones with eventTime
/// and series, and the same Event read through either API.
@Suite struct EventPrinterTests {
    static let now = PrinterCellTests.now  // 2027-01-15T08:00:00Z

    @Test func columnsAreUpstreamsWithTheWideOnesAtPriorityOne() {
        let columns = BuiltInPrinters.event.columns
        #expect(columns.map(\.name) == ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message",
                                        "First Seen", "Count", "Name"])
        #expect(columns.filter { $0.priority == 0 }.map(\.name) == ["Last Seen", "Type", "Reason", "Object", "Message"])
        #expect(columns.last?.format == "name")
        #expect(BuiltInPrinters.eventsV1Event.columns == columns)
    }

    @Test func coreEventsPrintTimestampsCountAndSource() {
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": "web-1.17a", "namespace": "default"],
            "involvedObject": ["kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"],
            "reason": "BackOff", "message": "  Back-off restarting failed container\n", "type": "Warning",
            "source": ["component": "kubelet", "host": "node-1"],
            "firstTimestamp": "2027-01-15T05:00:00Z", "lastTimestamp": "2027-01-15T07:54:30Z", "count": 3,
        ]
        #expect(BuiltInPrinters.event.cells(event, Self.now) == [
            "5m30s", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet, node-1",
            "Back-off restarting failed container", "3h", 3, "web-1.17a",
        ])
    }

    /// As the operator writes them: events.k8s.io/v1, eventTime in microseconds, no series.
    static let operatorEvent: JSONValue = [
        "apiVersion": "events.k8s.io/v1", "kind": "Event",
        "metadata": ["name": "shop.18c2", "namespace": "default"],
        "eventTime": "2027-01-15T07:59:50.123456Z", "reportingController": "costguard.dev/operator",
        "reportingInstance": "costguard-0", "action": "Pause", "reason": "SurgePaused", "type": "Warning",
        "regarding": ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "name": "shop", "uid": "u-1"],
        "note": "paused scale-up of shop/web: nodes 41 > maxNodes 40",
    ]

    @Test func newStyleEventsPrintEventTimeAndCountOnce() {
        #expect(BuiltInPrinters.eventsV1Event.cells(Self.operatorEvent, Self.now) == [
            "9s", "Warning", "SurgePaused", "costguard/shop", "", "costguard.dev/operator, costguard-0",
            "paused scale-up of shop/web: nodes 41 > maxNodes 40", "9s", 1, "shop.18c2",
        ])
        // A series has the last sighting and the count.
        var series = Self.operatorEvent
        series["series"] = ["count": 4, "lastObservedTime": "2027-01-15T07:59:00.000000Z"]
        let cells = BuiltInPrinters.eventsV1Event.cells(series, Self.now)
        #expect(cells[0] == "60s")
        #expect(cells[7] == "9s")
        #expect(cells[8] == 4)
    }

    @Test func bothAPIsPrintTheStoredEventAlike() {
        let stored = EventConversion.core(fromEventsV1: Self.operatorEvent)
        let throughCore = BuiltInPrinters.event.cells(stored, Self.now)
        let throughEventsV1 = BuiltInPrinters.eventsV1Event.cells(EventConversion.eventsV1(fromCore: stored), Self.now)
        #expect(throughCore == throughEventsV1)
        #expect(throughCore[3] == "costguard/shop")
    }

    @Test func missingFieldsPrintAsUpstream() {
        // No timestamps: unknown ages. No name: the kind alone. No host or instance: the component alone.
        let bare: JSONValue = ["metadata": ["name": "n"], "involvedObject": ["kind": "Node"], "reportingComponent": "kubelet",
                               "series": ["count": 2]]
        #expect(BuiltInPrinters.event.cells(bare, Self.now) == ["<unknown>", "", "", "node", "", "kubelet", "", "<unknown>", 2, "n"])
        #expect(BuiltInPrinters.eventSource(["source": ["host": "node-2"], "reportingComponent": "scheduler"]) == "scheduler, node-2")
        #expect(BuiltInPrinters.eventSource([:]) == "")
    }
}
