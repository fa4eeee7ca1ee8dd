import Foundation
import GuardCore

/// Where an evaluation's signals come from. One call per evaluation: a frame when the request
/// rate could be read, nil otherwise (the engine then runs fail-static), and a failure record for
/// every query that did not answer usefully.
package protocol MetricsSource: Sendable {
    func evaluate(at time: Date, t: Double) async -> FrameEvaluation
}
