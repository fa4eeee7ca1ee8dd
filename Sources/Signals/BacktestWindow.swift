import Foundation

/// The evaluation times of a backtest (`from`, `from + step`, … up to `to`), cut into chunks so
/// that no series of a range query has more than `pointsPerChunk` points (the API refuses more
/// than 11,000 per series; a month at 15 s has 172,800).
public struct BacktestWindow: Sendable, Hashable {
    public static let maxPointsPerSeries = 11_000

    public var from: Date
    public var to: Date
    public var step: Double
    public var pointsPerChunk: Int

    public init(from: Date, to: Date, step: Double, pointsPerChunk: Int = BacktestWindow.maxPointsPerSeries) {
        self.from = from
        self.to = to
        self.step = step
        self.pointsPerChunk = max(1, min(pointsPerChunk, Self.maxPointsPerSeries))
    }

    /// Evaluations in the window, both ends included.
    public var stepCount: Int {
        guard step > 0, to >= from else { return 0 }
        return Int(((to.timeIntervalSince(from)) / step + 1e-9).rounded(.down)) + 1
    }

    /// Step indices, `pointsPerChunk` at a time.
    public var chunks: [Range<Int>] {
        stride(from: 0, to: stepCount, by: pointsPerChunk).map { $0..<min($0 + pointsPerChunk, stepCount) }
    }

    public func time(ofStep index: Int) -> Date { from.addingTimeInterval(Double(index) * step) }
}
