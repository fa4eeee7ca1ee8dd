import CostGuardAPI
import GuardCore
import KubeModel

/// Reads a scenario file as a stream: the header, then one frame at a time, so a month of frames
/// never sits in memory as text.
package final class ScenarioReader {
    package let header: ScenarioHeader
    private let lines: LineReader
    private var lastT: Double?
    /// The scoring-only truth of the frame `next()` returned last, if its line had one.
    package private(set) var truth: FrameTruth?

    /// Opens `path` ("-" for standard input) and reads its header line.
    package init(path: String, bufferSize: Int = 1 << 20) throws(ScenarioError) {
        lines = try LineReader(path: path, bufferSize: bufferSize)
        guard let line = try lines.next() else {
            throw ScenarioError(code: .header, line: 1, problem: "the file is empty; line 1 must be the scenario header")
        }
        header = try ScenarioHeader(jsonLine: String(decoding: line, as: UTF8.self))
    }

    /// The next frame, or nil at the end. `t` must rise by exactly the header's interval.
    package func next() throws(ScenarioError) -> SignalFrame? {
        while let line = try lines.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let frame = try FrameParser.parse(line, line: lines.lineNumber, truth: &truth)
            if let lastT {
                let expected = lastT + header.interval
                guard abs(frame.t - expected) <= 1e-6 * max(1, abs(expected)) else {
                    throw ScenarioError(code: .sequence, line: lines.lineNumber, field: "t",
                                        problem: "\(JSONText.number(frame.t)) does not follow \(JSONText.number(lastT)) by the interval \(JSONText.number(header.interval))")
                }
            } else if frame.t < 0 {
                throw ScenarioError(code: .sequence, line: lines.lineNumber, field: "t", problem: "\(frame.t) is negative")
            }
            lastT = frame.t
            return frame
        }
        return nil
    }
}
