import KubeModel
@testable import KubeSim
import Testing

/// The field-by-field conversion between core/v1 and events.k8s.io/v1 Events, and the field
/// selectors both APIs accept, as kube-apiserver has them.
@Suite struct EventConversionTests {
    static let metadata: JSONValue = ["name": "shop.a1", "namespace": "default", "uid": "e-1", "resourceVersion": "7",
                                      "labels": ["team": "a"]]
    static let guardReference: JSONValue = ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "name": "shop",
                                            "uid": "g-1"]
    static let hpaReference: JSONValue = ["apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                                          "namespace": "shop", "name": "web", "uid": "h-1"]
    static let series: JSONValue = ["count": 3, "lastObservedTime": "2026-03-02T08:05:00.000000Z"]

    /// Every events.k8s.io/v1 field set.
    static let eventsV1: JSONValue = [
        "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": metadata,
        "eventTime": "2026-03-02T08:00:00.123456Z", "series": series,
        "reportingController": "costguard.dev/operator", "reportingInstance": "pod-1", "action": "Pause",
        "reason": "SurgePaused", "regarding": guardReference, "related": hpaReference, "note": "paused scale-up",
        "type": "Warning", "deprecatedSource": ["component": "old", "host": "node-1"],
        "deprecatedFirstTimestamp": "2026-03-02T07:00:00Z", "deprecatedLastTimestamp": "2026-03-02T07:30:00Z",
        "deprecatedCount": 4,
    ]

    /// The same Event as core/v1 has it.
    static let core: JSONValue = [
        "apiVersion": "v1", "kind": "Event", "metadata": metadata,
        "eventTime": "2026-03-02T08:00:00.123456Z", "series": series,
        "reportingComponent": "costguard.dev/operator", "reportingInstance": "pod-1", "action": "Pause",
        "reason": "SurgePaused", "involvedObject": guardReference, "related": hpaReference, "message": "paused scale-up",
        "type": "Warning", "source": ["component": "old", "host": "node-1"],
        "firstTimestamp": "2026-03-02T07:00:00Z", "lastTimestamp": "2026-03-02T07:30:00Z", "count": 4,
    ]

    @Test func eventsV1ConvertsToCoreFieldByField() {
        #expect(EventConversion.core(fromEventsV1: Self.eventsV1) == Self.core)
    }

    @Test func coreConvertsToEventsV1FieldByField() {
        #expect(EventConversion.eventsV1(fromCore: Self.core) == Self.eventsV1)
    }

    @Test func fieldsTheOtherVersionLacksAreDropped() {
        var event = Self.eventsV1
        event["involvedObject"] = ["name": "not-an-events.k8s.io-field"]
        event["extra"] = "x"
        #expect(EventConversion.core(fromEventsV1: event) == Self.core)
        var core = Self.core
        core["note"] = "not a core field"
        #expect(EventConversion.eventsV1(fromCore: core) == Self.eventsV1)
    }

    /// What the operator's EventRecorder sends: no deprecated fields, no series.
    @Test func unsetFieldsReadAsGoWritesThem() {
        let recorded: JSONValue = [
            "apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": ["generateName": "shop.", "namespace": "default"],
            "eventTime": "2026-03-02T08:00:00.123000Z", "reportingController": "costguard.dev/operator",
            "reportingInstance": "pod-1", "action": "Pause", "reason": "SurgePaused", "regarding": Self.guardReference,
            "note": "paused", "type": "Normal",
        ]
        let core = EventConversion.core(fromEventsV1: recorded)
        #expect(core == [
            "apiVersion": "v1", "kind": "Event", "metadata": ["generateName": "shop.", "namespace": "default"],
            "eventTime": "2026-03-02T08:00:00.123000Z", "reportingComponent": "costguard.dev/operator",
            "reportingInstance": "pod-1", "action": "Pause", "reason": "SurgePaused", "involvedObject": Self.guardReference,
            "message": "paused", "type": "Normal", "source": [:], "firstTimestamp": nil, "lastTimestamp": nil,
        ])
        #expect(EventConversion.eventsV1(fromCore: core) == [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["generateName": "shop.", "namespace": "default"],
            "eventTime": "2026-03-02T08:00:00.123000Z", "reportingController": "costguard.dev/operator",
            "reportingInstance": "pod-1", "action": "Pause", "reason": "SurgePaused", "regarding": Self.guardReference,
            "note": "paused", "type": "Normal", "deprecatedSource": [:], "deprecatedFirstTimestamp": nil,
            "deprecatedLastTimestamp": nil,
        ])
    }

    /// A legacy core/v1 Event (client-go's old recorder): no eventTime, empty strings, count.
    @Test func aLegacyCoreEventReadsThroughEventsV1() {
        let legacy: JSONValue = [
            "metadata": ["name": "web.1", "namespace": "shop"], "involvedObject": Self.hpaReference,
            "reason": "SuccessfulRescale", "message": "New size: 4", "source": ["component": "horizontal-pod-autoscaler"],
            "firstTimestamp": "2026-03-02T07:00:00Z", "lastTimestamp": "2026-03-02T07:00:00Z", "count": 1,
            "type": "Normal", "action": "", "reportingComponent": "",
        ]
        let stored = EventConversion.storedCore(legacy)
        #expect(stored["apiVersion"] == "v1")
        #expect(stored["eventTime"] == .null)
        #expect(stored["action"] == nil)
        #expect(stored["reportingComponent"] == "")
        #expect(stored["reportingInstance"] == "")
        #expect(EventConversion.eventsV1(fromCore: stored) == [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "shop"],
            "eventTime": nil, "regarding": Self.hpaReference, "reason": "SuccessfulRescale", "note": "New size: 4",
            "deprecatedSource": ["component": "horizontal-pod-autoscaler"],
            "deprecatedFirstTimestamp": "2026-03-02T07:00:00Z", "deprecatedLastTimestamp": "2026-03-02T07:00:00Z",
            "deprecatedCount": 1, "type": "Normal",
        ])
    }

    /// The selector `kubectl describe` sends for a cluster-scoped object.
    static let describeSelector = "involvedObject.kind=CostGuard,involvedObject.name=shop,involvedObject.namespace=,involvedObject.uid=g-1"

    @Test func coreSelectorsMatchTheSelectableFields() throws {
        let stored = EventConversion.storedCore(Self.core)
        func matches(_ text: String, _ form: ServedForm = .coreEvent) throws -> Bool {
            try form.storedSelector(FieldSelector(parsing: text)).matches(form.selectable(stored))
        }
        #expect(try matches(Self.describeSelector))
        #expect(try !matches(Self.describeSelector.replacingOccurrences(of: "g-1", with: "g-2")))
        #expect(try matches("metadata.name=shop.a1,metadata.namespace=default,reason=SurgePaused,type=Warning"))
        #expect(try matches("reportingComponent=costguard.dev/operator,source=old,type!=Normal"))
        #expect(try matches("regarding.uid=g-1,regarding.kind=CostGuard,reportingController=costguard.dev/operator",
                            .eventsV1Event))
        #expect(try !matches("regarding.name=web", .eventsV1Event))
    }

    @Test func sourceFallsBackToTheReportingComponent() throws {
        var event = Self.core
        event["source"] = [:]
        let fields = EventFieldSelectors.selectableFields(of: EventConversion.storedCore(event))
        #expect(fields["source"] == "costguard.dev/operator")
    }

    @Test func labelsAnAPIDoesNotRegisterAre400() {
        for (label, form) in [("regarding.uid", ServedForm.coreEvent), ("note", .coreEvent), ("message", .coreEvent),
                              ("involvedObject.uid", .eventsV1Event), ("reportingComponent", .eventsV1Event)] {
            let failure = #expect(throws: APIFailure.self) { try form.storedSelector(FieldSelector.equals(label, "x")) }
            #expect(failure?.code == 400)
            #expect(failure?.status.message == "field label not supported: \(label)")
        }
    }

    @Test func otherKindsKeepTheirSelectorsAndObjectsAsStored() throws {
        let cluster = ClusterState()
        let leases = try #require(cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases"))
        #expect(leases.servedForm == .asStored)
        #expect(leases.storageKey == leases.key)
        let selector = FieldSelector.equals("spec.holderIdentity", "a")
        #expect(try ServedForm.asStored.storedSelector(selector) == selector)
    }
}
