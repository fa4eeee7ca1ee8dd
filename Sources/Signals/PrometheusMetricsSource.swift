import Foundation
import GuardCore

/// The live signal source: every configured query as an instant query at the evaluation time,
/// all at once, mapped to a frame by `FrameBuilder`.
package struct PrometheusMetricsSource: MetricsSource {
    package let client: PrometheusClient
    package let queries: FrameQueries

    package init(client: PrometheusClient, queries: FrameQueries) {
        self.client = client
        self.queries = queries
    }

    package func evaluate(at time: Date, t: Double) async -> FrameEvaluation {
        let client = client
        let results = await ConcurrentQueries.run(queries) { query async throws(SignalsError) in
            try await client.instant(query, at: time)
        }
        var answers: [FrameField: FieldAnswer] = [:]
        var warnings: [String] = []
        for (field, result) in results {
            switch result {
            case .failure(let error):
                answers[field] = .failed(error)
            case .success(let answer):
                warnings += answer.warnings
                answers[field] = Self.instantAnswer(answer, field: field)
            }
        }
        return FrameBuilder.frame(t: t, queries: queries, answers: answers, warnings: warnings)
    }

    /// An instant query answers a scalar or a vector: one sample per series.
    static func instantAnswer(_ result: QueryResult, field: FrameField) -> FieldAnswer {
        switch result.kind {
        case .scalar, .vector:
            return .values(result.series.compactMap { series in
                series.samples.last.map { LabeledValue(labels: series.labels, value: $0.value) }
            })
        case .matrix, .string:
            return .failed(SignalsError(.badResult, "\(field.rawValue) query returned a \(result.kind.rawValue); expected a scalar or an instant vector"))
        }
    }
}
