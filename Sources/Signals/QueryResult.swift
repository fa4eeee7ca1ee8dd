/// One series of a query result: its labels and its samples (one for an instant vector).
public struct PromSeries: Sendable {
    public var labels: [String: String]
    public var samples: [PromSample]

    public init(labels: [String: String], samples: [PromSample]) {
        self.labels = labels
        self.samples = samples
    }
}

public struct PromSample: Sendable, Hashable {
    /// Unix seconds.
    public var time: Double
    public var value: Double

    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}

/// A successful answer of the query API. A scalar is one series without labels.
public struct QueryResult: Sendable {
    public enum Kind: String, Sendable { case scalar, vector, matrix, string }

    public var kind: Kind
    public var series: [PromSeries]
    /// Prometheus' `warnings` (and `infos`): the answer may be partial.
    public var warnings: [String]
    /// Seconds spent on the HTTP round trip (request to last body byte) and on decoding the body.
    public var roundTripSeconds: Double = 0
    public var decodeSeconds: Double = 0

    public init(kind: Kind, series: [PromSeries], warnings: [String] = []) {
        self.kind = kind
        self.series = series
        self.warnings = warnings
    }
}
