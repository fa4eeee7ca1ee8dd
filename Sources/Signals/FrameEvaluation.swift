import GuardCore

/// What one evaluation of the queries gave: a frame when the request rate was usable (nil means
/// the engine decides fail-static), the queries that failed, and Prometheus' warnings.
public struct FrameEvaluation: Sendable {
    public var frame: SignalFrame?
    public var failures: [QueryFailure]
    public var warnings: [String]

    public init(frame: SignalFrame?, failures: [QueryFailure] = [], warnings: [String] = []) {
        self.frame = frame
        self.failures = failures
        self.warnings = warnings
    }
}
