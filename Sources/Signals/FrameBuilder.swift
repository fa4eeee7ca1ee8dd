import CostGuardAPI
import GuardCore

/// One series of a field's answer at one evaluation time.
package struct LabeledValue: Sendable {
    package var labels: [String: String]
    package var value: Double

    package init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// A field's answer at one evaluation time: the series it returned, or why it returned nothing usable.
package enum FieldAnswer: Sendable {
    case values([LabeledValue])
    case failed(SignalsError)
}

/// Maps query answers to a frame. The live instant evaluation and the range evaluation (backtests)
/// both come here, one evaluation time at a time, so the two cannot disagree on a mapping.
package enum FrameBuilder {
    /// A frame lists at most this many source prefixes (spec/scenarios.md).
    package static let maxSources = 20

    /// Builds the frame at `t`. Fields whose query is not set stay nil; a field whose answer is
    /// unusable stays nil and gets a failure record. Without a usable request rate there is no frame.
    package static func frame(t: Double, queries: FrameQueries, answers: [FrameField: FieldAnswer],
                             warnings: [String] = []) -> FrameEvaluation {
        var failures: [QueryFailure] = []
        var frame = SignalFrame(t: t, rps: 0)
        var rateRead = false
        for (field, query) in queries.queries {
            let answer = answers[field] ?? .failed(SignalsError(.badResult, "no answer"))
            do throws(SignalsError) {
                let values: [LabeledValue]
                switch answer {
                case .failed(let error): throw error
                case .values(let found): values = found
                }
                switch field {
                case .requestRate:
                    frame.rps = try single(values, field: field, query: query, in: 0...SignalBounds.maxRequestRate)
                    rateRead = true
                case .clientErrorRatio:
                    frame.clientErrorRatio = try single(values, field: field, query: query, in: 0...1)
                case .conversionRatio:
                    frame.conversionRatio = try single(values, field: field, query: query, in: 0...1)
                case .uniqueSources:
                    frame.uniqueSources = try single(values, field: field, query: query, in: 0...SignalBounds.maxRequestRate)
                case .newSourceRatio:
                    frame.newSourceRatio = try single(values, field: field, query: query, in: 0...1)
                case .routes:
                    frame.routes = try routes(values, query: query)
                case .sources:
                    frame.topSources = try sources(values, query: query)
                }
            } catch {
                failures.append(QueryFailure(field: field, query: query, error: error))
            }
        }
        return FrameEvaluation(frame: rateRead ? frame : nil, failures: failures, warnings: warnings)
    }

    /// A scalar, or a vector of exactly one series, with a finite value in `range`.
    static func single(_ values: [LabeledValue], field: FrameField, query: String,
                       in range: ClosedRange<Double>) throws(SignalsError) -> Double {
        guard !values.isEmpty else {
            throw SignalsError(.badResult, "\(field.rawValue) query returned no series (an empty result; add `or vector(0)` if zero is meant)")
        }
        guard values.count == 1 else {
            throw SignalsError(.badResult, "\(field.rawValue) query returned \(values.count) series; expected one (aggregate it, e.g. with sum())")
        }
        let value = values[0].value
        guard value.isFinite else { throw SignalsError(.badResult, "\(field.rawValue) query returned \(promText(value))") }
        guard range.contains(value) else {
            throw SignalsError(.badResult, "\(field.rawValue) query returned \(promText(value)), outside \(range.lowerBound)…\(range.upperBound == .greatestFiniteMagnitude ? "∞" : String(range.upperBound))")
        }
        return value
    }

    /// A vector with a `route` label: the share of requests per route, heaviest first.
    static func routes(_ values: [LabeledValue], query: String) throws(SignalsError) -> [RouteShare] {
        guard !values.isEmpty else { throw SignalsError(.badResult, "routes query returned no series") }
        var shares: [RouteShare] = []
        shares.reserveCapacity(values.count)
        for series in values {
            guard let route = series.labels["route"] else {
                throw SignalsError(.badResult, "routes query returned series \(labelText(series.labels)) without a `route` label")
            }
            guard series.value.isFinite, series.value >= 0, series.value <= 1 else {
                throw SignalsError(.badResult, "routes query returned \(promText(series.value)) for route \"\(route)\"; a share is from 0 to 1")
            }
            shares.append(RouteShare(route: route, share: series.value))
        }
        return shares.sorted { $0.share != $1.share ? $0.share > $1.share : $0.route < $1.route }
    }

    /// A vector with a `prefix` label: the request rate per client prefix, the 20 heaviest, descending.
    static func sources(_ values: [LabeledValue], query: String) throws(SignalsError) -> [SourceRate] {
        guard !values.isEmpty else { throw SignalsError(.badResult, "sources query returned no series") }
        var rates: [SourceRate] = []
        rates.reserveCapacity(values.count)
        for series in values {
            guard let text = series.labels["prefix"] else {
                throw SignalsError(.badResult, "sources query returned series \(labelText(series.labels)) without a `prefix` label")
            }
            guard let prefix = IPPrefix(text) else {
                throw SignalsError(.badResult, "sources query returned prefix label \"\(text)\" in series \(labelText(series.labels)), which is not a CIDR such as \"198.51.100.0/24\" or \"2001:db8::/48\"")
            }
            guard series.value.isFinite, series.value >= 0 else {
                throw SignalsError(.badResult, "sources query returned \(promText(series.value)) for prefix \(text)")
            }
            if series.value > 0 { rates.append(SourceRate(prefix: prefix, rps: series.value)) }
        }
        rates.sort { $0.rps != $1.rps ? $0.rps > $1.rps : $0.prefix < $1.prefix }
        return Array(rates.prefix(maxSources))
    }

    /// A value as Prometheus writes it: NaN, +Inf and -Inf by those names.
    static func promText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    static func labelText(_ labels: [String: String]) -> String {
        "{" + labels.keys.sorted().map { "\($0)=\"\(labels[$0]!)\"" }.joined(separator: ",") + "}"
    }
}
