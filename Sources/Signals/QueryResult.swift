/// One series of a query result: its labels and its samples (one for an instant vector).
package struct PromSeries: Sendable {
    package var labels: [String: String]
    package var samples: [PromSample]

    package init(labels: [String: String], samples: [PromSample]) {
        self.labels = labels
        self.samples = samples
    }
}

package struct PromSample: Sendable, Hashable {
    /// Unix seconds.
    package var time: Double
    package var value: Double

    package init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}

/// A successful answer of the query API. A scalar is one series without labels.
package struct QueryResult: Sendable {
    package enum Kind: String, Sendable { case scalar, vector, matrix, string }

    package var kind: Kind
    package var series: [PromSeries]
    /// Prometheus' `warnings` (and `infos`): the answer may be partial.
    package var warnings: [String]
    /// Seconds spent on the HTTP round trip (request to last body byte) and on decoding the body.
    package var roundTripSeconds: Double = 0
    package var decodeSeconds: Double = 0

    package init(kind: Kind, series: [PromSeries], warnings: [String] = []) {
        self.kind = kind
        self.series = series
        self.warnings = warnings
    }
}
