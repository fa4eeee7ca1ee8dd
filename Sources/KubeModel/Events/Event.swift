/// events.k8s.io/v1 Event. `eventTime` (a MicroTime string), `reportingController`,
/// `reportingInstance` and `action` are required by the API for new events.
package struct Event: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta
    package var eventTime: String?
    package var series: EventSeries?
    package var reportingController: String?
    package var reportingInstance: String?
    package var action: String?
    package var reason: String?
    package var regarding: ObjectReference?
    package var related: ObjectReference?
    package var note: String?
    /// `Normal` or `Warning`.
    package var type: String?

    package init(metadata: ObjectMeta, eventTime: String? = nil, series: EventSeries? = nil,
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

package struct EventSeries: Codable, Sendable, Hashable {
    package var count: Int32
    package var lastObservedTime: String

    package init(count: Int32, lastObservedTime: String) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}
