import AccessLogs
import AccessLogsServe
import CostGuardAPI
import Demo
import Foundation
import GuardCore
import ScenarioCatalog
import Testing

/// The demo's traffic source writes each frame as access-log lines; the receiver's sketches must
/// give the frame back: the rate, client errors and conversions exactly (to whole requests), the
/// route mix, the distinct sources, and every listed prefix of a request a second or more.
@Suite struct FrameAccessLogTests {
    @Test(arguments: [600.0, 3900.0, 3 * 3600 + 600.0])  // organic, the crowd, the flood
    func aFramesLinesGiveTheFrameBack(t: Double) async throws {
        let (header, frames) = try ScenarioCatalog.demo.readBack()
        let frame = try #require(frames.first { $0.t == t })
        let log = FrameAccessLog(start: header.start, interval: header.interval)
        let lines = log.lines(for: frame)
        let total = Int((frame.rps * header.interval).rounded())
        #expect(lines.count == total)

        var ingest = IngestOptions(format: .traefik, interval: Int(header.interval))
        ingest.conversions = [try ConversionRule(parsing: FrameAccessLog.conversionRule)]
        let evaluation = header.start.addingTimeInterval(t + header.interval / 2).timeIntervalSince1970
        let state = ReceiverState(options: ReceiverOptions(ingest: ingest, keep: 4), clock: { evaluation })
        let outcome = try await state.ingest(records: Array((lines.joined(separator: "\n") + "\n").utf8), place: "test")
        #expect(outcome.accepted == total && outcome.skippedTotal == 0, "\(outcome)")
        let report = await state.report(since: -.infinity)
        // Stamped in the interval that ends at t: the one an evaluation at t + 7.5 s reads.
        #expect(report.intervals.map(\.start) == [header.start.timeIntervalSince1970 + t - header.interval])
        let sketch = try #require(report.intervals.first?.sketch)
        let read = FrameMaker.frame(sketch, t: t, interval: header.interval, conversions: true, newRatio: nil)

        let n = Double(total)
        #expect(read.rps == n / header.interval)
        #expect(read.clientErrorRatio == ((frame.clientErrorRatio ?? 0) * n).rounded() / n)
        #expect(read.conversionRatio == ((frame.conversionRatio ?? 0) * n).rounded() / n)
        for share in frame.routes ?? [] {
            let got = read.routes?.first { $0.route == share.route }?.share ?? 0
            // Within a request, but conversions are checkout requests: where the frame has more
            // of them than checkouts, the difference moves from the largest route to /checkout.
            let slack = 1.5 / n + max(0, (frame.conversionRatio ?? 0) - ((frame.routes ?? []).first { $0.route == "/checkout" }?.share ?? 0))
            #expect(abs(got - share.share / (frame.routes ?? []).reduce(0) { $0 + $1.share }) <= slack, "\(share.route): \(got) vs \(share.share)")
        }
        let unique = try #require(frame.uniqueSources)
        #expect(abs(try #require(read.uniqueSources) - unique) <= 0.03 * unique, "unique \(read.uniqueSources ?? 0) vs \(unique)")
        let readTop = Dictionary((read.topSources ?? []).map { ($0.prefix, $0.rps) }, uniquingKeysWith: max)
        for source in frame.topSources ?? [] where source.rps >= 1 {
            let got = try #require(readTop[source.prefix], "\(source.prefix) (\(source.rps) rps) is not among the top prefixes read")
            #expect(abs(got - (source.rps * header.interval).rounded() / header.interval) < 1e-9, "\(source.prefix): \(got) vs \(source.rps)")
        }
    }

    /// A listed prefix of any length gets addresses inside it (a scenario may list a /16 or a /64).
    @Test(arguments: ["198.51.100.0/24", "198.51.100.16/28", "198.51.100.7/32", "10.20.0.0/16", "0.0.0.0/0",
                      "2001:db8:7::/48", "2001:db8:7:9::/64", "2001:db8::1/128", "2001:db8::/32"])
    func addressesStayInsideTheirPrefix(text: String) throws {
        let prefix = try #require(IPPrefix(text))
        for host in [0, 1, 7, 249, 250, 4000] {
            let address = FrameAccessLog.address(in: prefix, host: host)
            let parsed = try #require(IPPrefix(address), "\(address) is not an address")
            #expect(prefix.contains(parsed), "host \(host) of \(text): \(address)")
        }
    }
}
