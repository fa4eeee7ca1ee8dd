import CostGuardAPI
import Foundation

/// The frame fields that `spec.signals.prometheus` maps to PromQL, in the order they are queried.
package enum FrameField: String, Sendable, CaseIterable, Hashable {
    case requestRate, clientErrorRatio, conversionRatio, routes, sources, uniqueSources, newSourceRatio
}

/// The queries a guard sets, by field; a field without a query is left out of every frame.
package struct FrameQueries: Sendable, Hashable {
    package private(set) var queries: [(field: FrameField, query: String)] = []

    package init(_ config: CostGuardSpec.Signals.Prometheus) {
        let all: [(FrameField, String?)] = [
            (.requestRate, config.requestRate), (.clientErrorRatio, config.clientErrorRatio),
            (.conversionRatio, config.conversionRatio), (.routes, config.routes), (.sources, config.sources),
            (.uniqueSources, config.uniqueSources), (.newSourceRatio, config.newSourceRatio),
        ]
        for (field, query) in all {
            if let query, !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                queries.append((field, query))
            }
        }
    }

    package func query(for field: FrameField) -> String? { queries.first { $0.field == field }?.query }

    package static func == (lhs: FrameQueries, rhs: FrameQueries) -> Bool {
        lhs.queries.map(\.field) == rhs.queries.map(\.field) && lhs.queries.map(\.query) == rhs.queries.map(\.query)
    }

    package func hash(into hasher: inout Hasher) {
        for (field, query) in queries { hasher.combine(field); hasher.combine(query) }
    }
}
