import GuardCore

/// What one evaluation of the queries gave: a frame when the request rate was usable (nil means
/// the engine decides fail-static), the queries that failed, and Prometheus' warnings.
package struct FrameEvaluation: Sendable {
    package var frame: SignalFrame?
    package var failures: [QueryFailure]
    package var warnings: [String]

    package init(frame: SignalFrame?, failures: [QueryFailure] = [], warnings: [String] = []) {
        self.frame = frame
        self.failures = failures
        self.warnings = warnings
    }
}
