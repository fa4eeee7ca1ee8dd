/// How a watcher lists and watches.
package struct WatcherConfiguration: Sendable, Hashable {
    /// How the watcher gets the collection's state before it watches changes.
    package enum InitialList: Sendable, Hashable {
        /// A streaming list (`watch` with `sendInitialEvents=true`, Kubernetes 1.32+ by default):
        /// the server streams the objects from its watch cache instead of building one large
        /// answer per page. A server that refuses it (the WatchList feature off) is listed in
        /// pages from then on, as client-go's reflector falls back.
        case streamingWithFallback
        /// Paginated lists (`limit`/`continue`), then a watch from the list's resourceVersion.
        case paginated
    }

    package var labelSelector: String?
    package var fieldSelector: String?
    /// Items per list page.
    package var pageSize: Int
    /// The server ends each watch after this long; the watcher then watches again. Real
    /// clients spread this (client-go: 5 to 10 minutes) so watches do not all reconnect at once.
    package var timeoutSeconds: ClosedRange<Int>
    /// The timeout of a streaming list's watch: a server that never sends the end bookmark
    /// costs at most two of these before the watcher lists in pages. A 65,000-node stream ends
    /// in seconds; after it the watch runs to this bound once, then to `timeoutSeconds`.
    package var streamingListTimeoutSeconds: Int
    package var backoff: Backoff
    package var initialList: InitialList

    package init(labelSelector: String? = nil, fieldSelector: String? = nil, pageSize: Int = 500,
                timeoutSeconds: ClosedRange<Int> = 300...600, streamingListTimeoutSeconds: Int = 60, backoff: Backoff = Backoff(),
                initialList: InitialList = .streamingWithFallback) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.timeoutSeconds = timeoutSeconds
        self.streamingListTimeoutSeconds = streamingListTimeoutSeconds
        self.backoff = backoff
        self.initialList = initialList
    }

    /// How long a cache may go without hearing from the API server before it counts as stale
    /// (readiness turns false). By default `cap` + 15 s, 45 s: a broken watch is retried within
    /// one backoff `cap` (30 s), and a reachable server answers well within 15 s more, so past
    /// that the server is unreachable, not between two attempts.
    package var staleAfter: Duration { staleAfterOverride ?? backoff.cap + .seconds(15) }
    /// A shorter bound, for tests.
    package var staleAfterOverride: Duration?
}
