import Foundation

/// The evaluation times of a backtest (`from`, `from + step`, … up to `to`), cut into chunks so
/// that no series of a range query has more than `pointsPerChunk` points (the API refuses more
/// than 11,000 per series; a month at 15 s has 172,800).
package struct BacktestWindow: Sendable, Hashable {
    package static let maxPointsPerSeries = 11_000

    package var from: Date
    package var to: Date
    package var step: Double
    package var pointsPerChunk: Int

    package init(from: Date, to: Date, step: Double, pointsPerChunk: Int = BacktestWindow.maxPointsPerSeries) {
        self.from = from
        self.to = to
        self.step = step
        self.pointsPerChunk = max(1, min(pointsPerChunk, Self.maxPointsPerSeries))
    }

    /// Evaluations in the window, both ends included.
    package var stepCount: Int {
        guard step > 0, to >= from else { return 0 }
        return Int(((to.timeIntervalSince(from)) / step + 1e-9).rounded(.down)) + 1
    }

    /// Step indices, `pointsPerChunk` at a time.
    package var chunks: [Range<Int>] {
        stride(from: 0, to: stepCount, by: pointsPerChunk).map { $0..<min($0 + pointsPerChunk, stepCount) }
    }

    package func time(ofStep index: Int) -> Date { from.addingTimeInterval(Double(index) * step) }

    /// The most frames one backtest builds: 100 rounds of range queries of `maxPointsPerSeries`
    /// each, about 190 days at 15 s. A longer window is cut into several backtests or a longer step.
    package static let maxFrames = 100 * maxPointsPerSeries

    /// Frames the window would build, counted without converting an unbounded Double to Int.
    package var frameCount: Double {
        guard step > 0, to >= from else { return 0 }
        return ((to.timeIntervalSince(from)) / step + 1e-9).rounded(.down) + 1
    }

    /// Refuses a window of more than `maxFrames` frames, saying the bound and the fix.
    package func checkBounded() throws(BacktestWindowError) {
        let frames = frameCount
        guard frames <= Double(Self.maxFrames) else {
            let seconds = to.timeIntervalSince(from)
            let step = (seconds / Double(Self.maxFrames - 1)).rounded(.up)
            throw BacktestWindowError(message: "the window from --from to --to at --step \(Self.format(self.step))s is "
                + "\(Self.format(frames)) frames, above the bound of \(Self.maxFrames) per backtest; "
                + "use --step \(Self.format(step))s or more, or split the window into several backtests")
        }
    }

    /// Whole numbers without a trailing ".0"; a value too large for Int as Swift prints a Double.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

/// A backtest window that is too long, with the bound and the fix.
package struct BacktestWindowError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
