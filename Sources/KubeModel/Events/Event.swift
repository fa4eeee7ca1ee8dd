/// events.k8s.io/v1 Event. `eventTime` (a MicroTime string), `reportingController`,
/// `reportingInstance` and `action` are required by the API for new events.
public struct Event: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var eventTime: String?
    public var series: EventSeries?
    public var reportingController: String?
    public var reportingInstance: String?
    public var action: String?
    public var reason: String?
    public var regarding: ObjectReference?
    public var related: ObjectReference?
    public var note: String?
    /// `Normal` or `Warning`.
    public var type: String?

    public init(metadata: ObjectMeta, eventTime: String? = nil, series: EventSeries? = nil,
                reportingController: String? = nil, reportingInstance: String? = nil, action: String? = nil,
                reason: String? = nil, regarding: ObjectReference? = nil, related: ObjectReference? = nil,
                note: String? = nil, type: String? = nil) {
        self.apiVersion = "events.k8s.io/v1"
        self.kind = "Event"
        self.metadata = metadata
        self.eventTime = eventTime
        self.series = series
        self.reportingController = reportingController
        self.reportingInstance = reportingInstance
        self.action = action
        self.reason = reason
        self.regarding = regarding
        self.related = related
        self.note = note
        self.type = type
    }
}

public struct EventSeries: Codable, Sendable, Hashable {
    public var count: Int32
    public var lastObservedTime: String

    public init(count: Int32, lastObservedTime: String) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}
