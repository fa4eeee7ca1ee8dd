import KubeModel

/// Query options of a list request.
package struct ListOptions: Sendable, Hashable {
    package var labelSelector: String?
    package var fieldSelector: String?
    package var limit: Int?
    package var continueToken: String?
    package var resourceVersion: String?

    package init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }

    package init(labelSelector: LabelSelector, fieldSelector: FieldSelector? = nil, limit: Int? = nil) {
        self.init(labelSelector: labelSelector.selectorString, fieldSelector: fieldSelector?.selectorString, limit: limit)
    }

    var query: [(String, String)] {
        var query: [(String, String)] = []
        if let labelSelector { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
        if let limit { query.append(("limit", String(limit))) }
        if let continueToken { query.append(("continue", continueToken)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        return query
    }
}

/// Query options of a watch request. Bookmarks are on so a quiet watch still learns
/// newer resourceVersions and can resume without a relist.
package struct WatchOptions: Sendable, Hashable {
    package var labelSelector: String?
    package var fieldSelector: String?
    package var resourceVersion: String?
    package var timeoutSeconds: Int?
    package var allowWatchBookmarks: Bool
    /// A streaming list: the current objects as ADDED events first, closed by a bookmark
    /// marked `k8s.io/initial-events-end`. The server requires `resourceVersionMatch=NotOlderThan`.
    package var sendInitialEvents: Bool
    package var resourceVersionMatch: String?

    package init(labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
                timeoutSeconds: Int? = nil, allowWatchBookmarks: Bool = true, sendInitialEvents: Bool = false,
                resourceVersionMatch: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.timeoutSeconds = timeoutSeconds
        self.allowWatchBookmarks = allowWatchBookmarks
        self.sendInitialEvents = sendInitialEvents
        self.resourceVersionMatch = resourceVersionMatch
    }

    var query: [(String, String)] {
        var query: [(String, String)] = [("watch", "true")]
        if let labelSelector { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        if allowWatchBookmarks { query.append(("allowWatchBookmarks", "true")) }
        if sendInitialEvents { query.append(("sendInitialEvents", "true")) }
        if let resourceVersionMatch { query.append(("resourceVersionMatch", resourceVersionMatch)) }
        return query
    }
}
