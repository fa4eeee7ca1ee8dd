import Foundation
import GuardCore

/// Parses a scenario on a thread of its own and hands the frames over in batches, so parsing
/// (the replay's largest cost) overlaps deciding and reporting on a second core. The queue is
/// bounded: memory stays flat however long the file is.
final class FramePipeline: @unchecked Sendable {
    // @unchecked: every field below is guarded by `condition`; the reader is used only by the
    // parsing thread once handed over.
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var done = false
    private var failure: ScenarioError?
    private var abandoned = false
    private let depth: Int
    private let batchSize: Int

    init(depth: Int = 4, batchSize: Int = 512) {
        self.depth = depth
        self.batchSize = batchSize
    }

    /// Starts parsing `reader` on a new thread; the caller must not use `reader` again.
    func start(_ reader: ScenarioReader) {
        let handOver = ReaderHandOver(reader: reader)
        let thread = Thread { [self] in self.produce(handOver.reader) }
        thread.name = "scenario-parser"
        thread.start()
    }

    /// Frames in file order, and their scoring-only truths (empty when the file has none).
    struct Batch {
        var frames: [SignalFrame] = []
        var truths: [FrameTruth?] = []
    }

    /// The next batch in file order, nil at the end; a parse error is thrown after the frames before it.
    func next() throws(ScenarioError) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !done { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer stopped early: the parsing thread ends at its next hand-over.
    func abandon() {
        condition.lock()
        abandoned = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(_ reader: ScenarioReader) {
        var batch = Batch()
        batch.frames.reserveCapacity(batchSize)
        var error: ScenarioError?
        var anyTruth = false
        do {
            while let frame = try reader.next() {
                batch.frames.append(frame)
                // Truths are kept only once a frame has one, so files without them cost nothing.
                if let truth = reader.truth, !anyTruth {
                    anyTruth = true
                    batch.truths = Array(repeating: nil, count: batch.frames.count - 1)
                    batch.truths.append(truth)
                } else if anyTruth {
                    batch.truths.append(reader.truth)
                }
                if batch.frames.count == batchSize {
                    guard hand(batch) else { return }
                    batch.frames.removeAll(keepingCapacity: true)
                    batch.truths.removeAll(keepingCapacity: true)
                    if anyTruth { batch.truths.reserveCapacity(batchSize) }
                }
            }
        } catch let parseError {
            error = parseError
        }
        if !batch.frames.isEmpty, !hand(batch) { return }
        condition.lock()
        failure = error
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a batch, waiting while the queue is full; false once the consumer has gone.
    private func hand(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth && !abandoned { condition.wait() }
        guard !abandoned else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }
}

/// Carries the non-Sendable reader to the parsing thread, which then owns it alone.
private struct ReaderHandOver: @unchecked Sendable {
    let reader: ScenarioReader
}
