import AccessLogs
import CostGuardAPI
import Foundation
import GuardCore

/// The base URLs of the receivers to read this evaluation (one for `url`, every ready endpoint
/// for `service`); an error says why none could be found.
package typealias ReceiverLookup = @Sendable () async throws(SignalsError) -> [String]

/// What the access logs gave one evaluation: a frame of their fields (t = 0; the caller sets it),
/// or nil with the reason, and the problems that left a field out.
package struct AccessLogsReading: Sendable {
    package var frame: SignalFrame?
    package var failures: [String]
    package var receivers: Int
}

/// One guard's frames from the access-log receivers (spec: `signals.accessLogs`). Each evaluation
/// reads every receiver's sketches, merges them (so the frame is what one receiver seeing every
/// line would give), and makes the frame of the last `signals.interval` of receiver intervals
/// that ended `delay` ago: frames are aligned to the receivers' interval boundaries. Every
/// interval is fed once, in order, to a seen-before history for `newSourceRatio`, as the offline
/// ingest does. Any receiver that does not answer makes the whole reading fail: a frame from
/// part of the stream would undercount the rate, so the engine goes fail-static instead.
package actor AccessLogsReader {
    package let config: CostGuardSpec.Signals.AccessLogs
    package let evaluationInterval: Double
    private let client: ReceiverClient
    private let lookup: ReceiverLookup
    /// 2^24 cells (8 MiB) per guard: the ingest docs' 0.48% false-positive rate holds for about
    /// 1.2 million distinct sources in the 7-day window.
    private var history = SourceHistory(filter: SeenBeforeFilter(cellsLog2: 24))
    /// The end of the last interval added to the history.
    private var fedThrough: Double?
    /// Each fed interval's new-source share and requests, for the window's weighted share.
    private var novelty: [Double: (ratio: Double?, requests: Int)] = [:]
    /// The receivers' interval, once one has answered.
    private var receiverInterval: Int?
    /// The history warms as the offline ingest's `--novelty-warmup` default.
    static let noveltyWarmup: Double = 6 * 3600
    /// At most this much of what the receivers hold is read back, on the first read or after a gap.
    static let backfill: Double = 900

    package init(config: CostGuardSpec.Signals.AccessLogs, evaluationInterval: Double, client: ReceiverClient,
                 lookup: @escaping ReceiverLookup) {
        self.config = config
        self.evaluationInterval = evaluationInterval
        self.client = client
        self.lookup = lookup
    }

    /// The window's end and start for a receiver interval `length` at `now` (seconds since 1970).
    func window(now: Double, length: Double) -> (start: Double, end: Double) {
        let end = ((now - config.delay.seconds) / length).rounded(.down) * length
        let count = max(1, (evaluationInterval / length).rounded())
        return (end - count * length, end)
    }

    package func read(now: Date) async -> AccessLogsReading {
        let receivers: [String]
        do {
            receivers = try await lookup()
        } catch {
            return AccessLogsReading(frame: nil, failures: ["accessLogs: \(error)"], receivers: 0)
        }
        let clock = now.timeIntervalSince1970
        // From the window's start, or from the first interval the history lacks if that is
        // earlier, but never more than the backfill before the window.
        let since: Double = {
            let start = window(now: clock, length: Double(receiverInterval ?? 1)).start
            let lowest = start - Self.backfill
            return max(lowest, min(fedThrough ?? lowest, start)).rounded(.down)
        }()
        let client = client
        let answers = await withTaskGroup(of: (Int, Result<IntervalReport, SignalsError>).self) { group in
            for (index, base) in receivers.enumerated() {
                group.addTask {
                    do throws(SignalsError) { return (index, .success(try await client.intervals(base: base, since: since))) }
                    catch { return (index, .failure(error)) }
                }
            }
            var answers = [Result<IntervalReport, SignalsError>?](repeating: nil, count: receivers.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers.compactMap { $0 }
        }
        var merged: IntervalReport?
        var failures: [String] = []
        for (base, answer) in zip(receivers, answers) {
            switch answer {
            case .failure(let error): failures.append("accessLogs: \(error)")
            case .success(let report):
                guard var sum = merged else { merged = report; continue }
                if let mismatch = sum.mismatch(with: report) {
                    failures.append("accessLogs: receiver \(base) and \(receivers[0]) cannot be merged: \(mismatch); give every replica the same --interval and --conversion flags")
                    continue
                }
                sum.merge(report)
                merged = sum
            }
        }
        guard failures.isEmpty, let merged else {
            return AccessLogsReading(frame: nil, failures: failures.isEmpty ? ["accessLogs: no receiver to read"] : failures,
                                     receivers: receivers.count)
        }
        let length = Double(merged.interval)
        receiverInterval = merged.interval
        guard evaluationInterval >= length, evaluationInterval.truncatingRemainder(dividingBy: length) == 0 else {
            return AccessLogsReading(frame: nil, failures: [
                "accessLogs: signals.interval \(GoDuration(seconds: evaluationInterval)) is not a whole multiple of the receivers' \(merged.interval) s intervals; set it to a multiple, or change the receivers' --interval",
            ], receivers: receivers.count)
        }
        let (start, end) = window(now: clock, length: length)
        feedHistory(merged, through: end, length: length)

        // The first held interval is the base: a merge keeps the base's capacities.
        var sketch: IntervalSketch?
        var requests = 0
        var newRequests = 0.0
        var noveltyKnown = true
        for held in merged.intervals where held.start >= start && held.start < end {
            if sketch == nil { sketch = held.sketch } else { sketch!.merge(held.sketch) }
        }
        for slot in stride(from: start, to: end, by: length) {
            guard let fed = novelty[slot] else { noveltyKnown = false; continue }
            requests += fed.requests
            guard let ratio = fed.ratio else { if fed.requests > 0 { noveltyKnown = false }; continue }
            newRequests += ratio * Double(fed.requests)
        }
        var countsConversions = !merged.conversions.isEmpty
        if !config.conversions.isEmpty, Set(config.conversions) != Set(merged.conversions) {
            countsConversions = false
            failures.append("accessLogs.conversions: the receivers count conversions as [\(merged.conversions.joined(separator: ", "))], not [\(config.conversions.joined(separator: ", "))]; conversionRatio is left out until they agree")
        }
        let newRatio = noveltyKnown && requests > 0 ? newRequests / Double(requests) : nil
        let frame = FrameMaker.frame(sketch ?? IntervalSketch(prefixCapacity: 1, addressCapacity: 16), t: 0, interval: end - start, conversions: countsConversions, newRatio: newRatio)
        return AccessLogsReading(frame: frame, failures: failures, receivers: receivers.count)
    }

    /// Adds every interval that ended by `end` and is not in the history yet, oldest first, gaps
    /// as intervals without requests.
    private func feedHistory(_ report: IntervalReport, through end: Double, length: Double) {
        let byStart = Dictionary(report.intervals.map { ($0.start, $0.sketch) }, uniquingKeysWith: { first, _ in first })
        let lowest = end - length - (Self.backfill / length).rounded(.up) * length
        var slot = max(fedThrough ?? (report.intervals.first.map { min($0.start, end - length) } ?? end - length), lowest)
        while slot + length <= end {
            let sketch = byStart[slot]
            let tally = sketch?.addresses ?? AddressTally(capacity: 16)
            let ratio = history.close(tally, start: slot, end: slot + length, warmup: Self.noveltyWarmup)
            novelty[slot] = (ratio, sketch?.requests ?? 0)
            slot += length
        }
        fedThrough = slot
        for old in novelty.keys where old < end - 2 * evaluationInterval - length { novelty[old] = nil }
    }
}
