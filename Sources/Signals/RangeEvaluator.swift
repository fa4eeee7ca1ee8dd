import Foundation
import GuardCore

/// Evaluates every configured query as a range query over one chunk of a backtest window and
/// maps each evaluation time to a frame with the same `FrameBuilder` as the live path.
package struct RangeEvaluator: Sendable {
    package let client: PrometheusClient
    package let queries: FrameQueries

    package init(client: PrometheusClient, queries: FrameQueries) {
        self.client = client
        self.queries = queries
    }

    /// One chunk's frames, with what the queries cost.
    package struct Chunk: Sendable {
        package var evaluations: [FrameEvaluation]
        /// Wall time of the concurrent queries (round trips and decoding).
        package var fetchSeconds: Double
        /// Summed over the chunk's queries.
        package var roundTripSeconds: Double
        package var decodeSeconds: Double
        /// Sorting samples to evaluation times and mapping them to frames.
        package var mappingSeconds: Double
    }

    /// Frames for the steps `steps` of `window`. A query that fails as a whole (unreachable,
    /// timeout, an API error, a body that is not JSON) throws: a backtest without its data is no test.
    package func evaluate(_ window: BacktestWindow, steps: Range<Int>) async throws(SignalsError) -> Chunk {
        let start = window.time(ofStep: steps.lowerBound)
        let end = window.time(ofStep: steps.upperBound - 1)
        let client = client
        let fetchStarted = ContinuousClock.now
        let results = await ConcurrentQueries.run(queries) { query async throws(SignalsError) in
            try await client.range(query, start: start, end: end, step: window.step)
        }
        let fetchSeconds = PrometheusClient.seconds(ContinuousClock.now - fetchStarted)

        let mappingStarted = ContinuousClock.now
        var perStep: [FrameField: [[LabeledValue]]] = [:]
        var warnings: [String] = []
        var roundTrip = 0.0, decode = 0.0
        for (field, result) in results {
            switch result {
            case .failure(let error): throw error
            case .success(let answer):
                roundTrip += answer.roundTripSeconds
                decode += answer.decodeSeconds
                warnings += answer.warnings
                perStep[field] = Self.slice(answer, field: field, start: start, step: window.step, count: steps.count)
            }
        }
        var evaluations: [FrameEvaluation] = []
        evaluations.reserveCapacity(steps.count)
        for offset in 0..<steps.count {
            var answers: [FrameField: FieldAnswer] = [:]
            for (field, columns) in perStep { answers[field] = .values(columns[offset]) }
            let t = Double(steps.lowerBound + offset) * window.step
            evaluations.append(FrameBuilder.frame(t: t, queries: queries, answers: answers,
                                                  warnings: offset == 0 ? warnings : []))
        }
        return Chunk(evaluations: evaluations, fetchSeconds: fetchSeconds, roundTripSeconds: roundTrip,
                     decodeSeconds: decode, mappingSeconds: PrometheusClient.seconds(ContinuousClock.now - mappingStarted))
    }

    /// Sorts a matrix's samples to their evaluation times: what an instant query at each time would have answered.
    static func slice(_ result: QueryResult, field: FrameField, start: Date, step: Double, count: Int) -> [[LabeledValue]] {
        var columns = [[LabeledValue]](repeating: [], count: count)
        let origin = start.timeIntervalSince1970
        for series in result.series {
            for sample in series.samples {
                let index = Int(((sample.time - origin) / step).rounded())
                guard index >= 0, index < count else { continue }
                columns[index].append(LabeledValue(labels: series.labels, value: sample.value))
            }
        }
        return columns
    }
}
