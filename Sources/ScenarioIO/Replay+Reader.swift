import CostGuardAPI
import GuardCore

extension Replay {
    /// Replays every frame of `reader`, handing each result to `emit` as it is made. The file is
    /// parsed on a second thread while this one decides; `reader` must not be used afterwards.
    /// `otherGuards` act on the same workload beside the scenario's guard (their claims merged).
    package static func run(_ reader: ScenarioReader, otherGuards: [(name: String, spec: CostGuardSpec)] = [],
                            emit: (ReplayFrame) throws -> Void) throws -> ReplaySummary {
        var replay = Replay(header: reader.header, otherGuards: otherGuards)
        let pipeline = FramePipeline()
        pipeline.start(reader)
        defer { pipeline.abandon() }
        while let batch = try pipeline.next() {
            if batch.truths.isEmpty {
                for frame in batch.frames { try emit(replay.step(frame)) }
            } else {
                for (frame, truth) in zip(batch.frames, batch.truths) { try emit(replay.step(frame, truth: truth)) }
            }
        }
        return replay.summary
    }
}
