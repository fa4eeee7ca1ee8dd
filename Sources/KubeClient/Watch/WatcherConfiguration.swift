/// How a watcher lists and watches.
public struct WatcherConfiguration: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Items per list page.
    public var pageSize: Int
    /// The server ends each watch after this long; the watcher then watches again. Real
    /// clients spread this (client-go: 5 to 10 minutes) so watches do not all reconnect at once.
    public var timeoutSeconds: ClosedRange<Int>
    public var backoff: Backoff

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, pageSize: Int = 500,
                timeoutSeconds: ClosedRange<Int> = 300...600, backoff: Backoff = Backoff()) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.timeoutSeconds = timeoutSeconds
        self.backoff = backoff
    }
}
