import Foundation
import GuardCore
import ScenarioIO

/// Replays a window of Prometheus history through the same `Replay` as a scenario file, one chunk
/// of range queries at a time: a chunk's frames are replayed (and optionally saved) and dropped
/// before the next chunk is fetched, so a month never sits in memory.
package struct PrometheusBacktest: Sendable {
    package let evaluator: RangeEvaluator
    package let window: BacktestWindow

    package init(evaluator: RangeEvaluator, window: BacktestWindow) {
        self.evaluator = evaluator
        self.window = window
    }

    /// What the run came to, beyond the replay summary: data gaps and where the time went.
    package struct Outcome: Sendable {
        package var summary: ReplaySummary
        package var steps = 0
        /// Evaluations without a usable request rate, replayed fail-static (the engine saw no frame).
        package var stepsWithoutFrame = 0
        /// Failed evaluations per field, and the first failure of each field as an example.
        package var failureCounts: [FrameField: Int] = [:]
        package var firstFailures: [FrameField: QueryFailure] = [:]
        package var warnings: Set<String> = []
        package var chunks = 0
        package var queries = 0
        package var timing = Timing()
    }

    package struct Timing: Sendable {
        /// Wall time the replay stood waiting for a chunk (its queries run while the previous chunk replays).
        package var waitSeconds = 0.0
        /// Wall time of each chunk's concurrent range queries (HTTP and decoding), summed over chunks.
        package var fetchSeconds = 0.0
        /// Summed over queries: request to last body byte, and JSON decoding.
        package var roundTripSeconds = 0.0
        package var decodeSeconds = 0.0
        /// Mapping samples to frames (done ahead, with the queries), then replaying them (engine and
        /// reference clusters) and emitting.
        package var mappingSeconds = 0.0
        package var replaySeconds = 0.0
    }

    /// Runs the window. `header` gives the guard, cluster model, interval (the step) and start (`from`).
    /// `save` receives every built frame; a step without a frame is saved as the last rate alone,
    /// since a scenario file has no way to say "no data" (the count is in the outcome).
    package func run(header: ScenarioHeader, save: ScenarioWriter? = nil,
                    emit: (ReplayFrame) throws -> Void) async throws -> Outcome {
        var replay = Replay(header: header)
        var outcome = Outcome(summary: replay.summary)
        var lastRps = 0.0
        // The next chunk's queries run while this chunk is replayed: two chunks at most in memory.
        let chunks = window.chunks
        let evaluator = evaluator, window = window
        var pending: Task<RangeEvaluator.Chunk, any Error>? = chunks.first.map { steps in
            Task { try await evaluator.evaluate(window, steps: steps) }
        }
        defer { pending?.cancel() }
        for index in chunks.indices {
            guard let current = pending else { break }
            let waitStarted = ContinuousClock.now
            let chunk = try await current.value
            outcome.timing.waitSeconds += PrometheusClient.seconds(ContinuousClock.now - waitStarted)
            pending = index + 1 < chunks.count
                ? Task { [steps = chunks[index + 1]] in try await evaluator.evaluate(window, steps: steps) } : nil
            outcome.chunks += 1
            outcome.queries += evaluator.queries.queries.count
            outcome.timing.fetchSeconds += chunk.fetchSeconds
            outcome.timing.roundTripSeconds += chunk.roundTripSeconds
            outcome.timing.decodeSeconds += chunk.decodeSeconds
            outcome.timing.mappingSeconds += chunk.mappingSeconds
            let replayStarted = ContinuousClock.now
            for evaluation in chunk.evaluations {
                outcome.steps += 1
                for warning in evaluation.warnings { outcome.warnings.insert(warning) }
                for failure in evaluation.failures {
                    outcome.failureCounts[failure.field, default: 0] += 1
                    if outcome.firstFailures[failure.field] == nil { outcome.firstFailures[failure.field] = failure }
                }
                let t = Double(outcome.steps - 1) * window.step
                if let frame = evaluation.frame {
                    lastRps = frame.rps
                    try save?.write(frame)
                    try emit(replay.step(frame))
                } else {
                    outcome.stepsWithoutFrame += 1
                    try save?.write(SignalFrame(t: t, rps: lastRps))
                    try emit(replay.stepWithoutSignals(t: t))
                }
            }
            outcome.timing.replaySeconds += PrometheusClient.seconds(ContinuousClock.now - replayStarted)
        }
        try save?.close()
        outcome.summary = replay.summary
        return outcome
    }
}
