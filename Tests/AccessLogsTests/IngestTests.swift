@testable import AccessLogs
import CostGuardAPI
import Foundation
import GuardCore
import Testing
import TestSupport

/// The whole path on a generated log with its exact truth: frames, sources, novelty, the replay,
/// nginx, order. One log serves the checks, so the suite stays light beside the others.
@Suite struct IngestTests {
    /// 1.5 hours, a flood from the hour: about 240 000 requests.
    static func generator() -> TrafficGenerator {
        var generator = TrafficGenerator()
        generator.duration = 5400
        generator.organicRps = 25
        generator.floodStart = 3600
        generator.floodRps = 60
        generator.floodPrefixes = 200
        return generator
    }

    static func options(_ format: LogFormat) -> IngestOptions {
        var options = IngestOptions(format: format, interval: 15)
        options.noveltyWarmup = 1800
        options.conversions = [try! ConversionRule(parsing: "POST /checkout")]
        return options
    }

    @Test func framesMatchTheTruth() async throws {
        let generator = Self.generator()
        // The 240,000-line log is written, ingested twice and replayed off the cooperative pool.
        let (output, traefik, nginx, firstPause, deniedPrefixes) = try await onLowPriorityThread {
            let scratch = try Scratch()
            let output = try generator.write(traefik: scratch.path("traefik.log"), nginx: scratch.path("nginx.log"))
            let traefik = try ingest([scratch.path("traefik.log")], options: Self.options(.traefik), header: testHeader, scratch: scratch)
            let nginx = try ingest([scratch.path("nginx.log")], options: Self.options(.nginx), header: testHeader, scratch: scratch)
            var replay = Replay(header: traefik.header)
            var firstPause: Double?
            for frame in traefik.frames where replay.step(frame).paused && firstPause == nil { firstPause = frame.t }
            return (output, traefik, nginx, firstPause, replay.summary.deniedPrefixes)
        }
        #expect(output.lines > 150_000 && output.lines < 300_000)
        #expect(traefik.frames.count == output.truth.count)
        #expect(traefik.result.skipped.total == output.garbage && output.garbage > 100)
        #expect(traefik.header.start == Date(timeIntervalSince1970: generator.start))
        for (index, (frame, truth)) in zip(traefik.frames, output.truth).enumerated() {
            let t = Double(index * 15)
            #expect(frame.t == t)
            #expect(frame.rps == Double(truth.requests) / 15, "t \(t)")
            #expect(frame.clientErrorRatio == Double(truth.clientErrors) / Double(truth.requests))
            #expect(frame.conversionRatio == Double(truth.conversions) / Double(truth.requests))
            let routes = Dictionary(uniqueKeysWithValues: (frame.routes ?? []).map { ($0.route, $0.share) })
            for (router, count) in truth.routers { #expect(routes[router] == Double(count) / Double(truth.requests)) }
            let unique = try #require(frame.uniqueSources)
            #expect(abs(unique - Double(truth.sources.count)) <= 0.03 * Double(truth.sources.count), "t \(t): \(unique) vs \(truth.sources.count)")
            let top = Dictionary(uniqueKeysWithValues: (frame.topSources ?? []).map { ($0.prefix, $0.rps) })
            let heavy = truth.prefixes.filter { Double($0.value) > 0.01 * Double(truth.requests) }
            #expect(heavy.count <= 20, "t \(t): \(heavy.count) prefixes above 1%")
            for (key, count) in heavy {
                let rps = top[key.prefix] ?? -1
                #expect(abs(rps - Double(count) / 15) <= 0.03 * Double(count) / 15, "t \(t): \(key.prefix) \(rps) vs \(Double(count) / 15) of \(truth.requests)")
            }
            if t < 1800 {
                #expect(frame.newSourceRatio == nil)
            } else {
                let newRatio = try #require(frame.newSourceRatio)
                #expect(abs(newRatio - Double(truth.newRequests) / Double(truth.requests)) <= 0.03, "t \(t)")
            }
        }

        // The frames replay through the decision engine (what `costguard report` runs): the flood
        // is paused, and nothing before it; the office NAT (never-deny) is not denied.
        let pause = try #require(firstPause, "the flood was never paused")
        #expect(pause >= Double(generator.floodStart), "paused at \(pause), before the flood at \(generator.floodStart)")
        #expect(pause <= Double(generator.floodStart) + 300, "paused at \(pause), more than 5 minutes into the flood")
        #expect(!deniedPrefixes.isEmpty)
        #expect(deniedPrefixes.allSatisfy { !IPPrefix("10.0.0.0/8")!.contains($0) })

        // The same traffic as ingress-nginx text gives the same frames, but for the routes: nginx
        // has no router, so routes are the paths' first segments.
        #expect(nginx.result.skipped.total == output.garbage)
        #expect(nginx.frames.count == traefik.frames.count)
        for (index, (a, b)) in zip(traefik.frames, nginx.frames).enumerated() {
            var withoutRoutes = a
            withoutRoutes.routes = b.routes
            #expect(withoutRoutes == b, "frame \(index)")
            let truth = output.truth[index]
            let routes = Dictionary(uniqueKeysWithValues: (b.routes ?? []).map { ($0.route, $0.share) })
            for (path, count) in truth.paths { #expect(routes[path] == Double(count) / Double(truth.requests)) }
        }
    }

    @Test func orderAndFileSplitsDoNotChangeTheOutput() async throws {
        let (whole, split) = try await onLowPriorityThread {
            let scratch = try Scratch()
            var generator = Self.generator()
            generator.duration = 1800
            generator.floodStart = 900
            _ = try generator.write(traefik: scratch.path("all.log"))
            var options = Self.options(.traefik)
            options.noveltyWarmup = 300
            let whole = try ingest([scratch.path("all.log")], options: options, header: testHeader, scratch: scratch)

            // Lines shuffled within 60 s windows, split by time into two files given in reverse order,
            // and a third file holding every seventh line.
            let lines = try String(contentsOfFile: scratch.path("all.log"), encoding: .utf8).split(separator: "\n").map(String.init)
            var random = Random(seed: 3)
            var shuffled: [String] = []
            for start in stride(from: 0, to: lines.count, by: 2000) {
                var window = Array(lines[start..<min(start + 2000, lines.count)])
                for index in window.indices.reversed() { window.swapAt(index, Int(random.next() % UInt64(index + 1))) }
                shuffled += window
            }
            let half = shuffled.count / 2
            let first = shuffled[..<half].enumerated().filter { $0.offset % 7 != 0 }.map(\.element)
            let sevenths = shuffled[..<half].enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
            let split = try ingest([try scratch.write("b.log", Array(shuffled[half...])), try scratch.write("a.log", first),
                                    try scratch.write("c.log", sevenths)],
                                   options: options, header: testHeader, scratch: scratch)
            return (whole, split)
        }
        #expect(split.text == whole.text)
        #expect(split.result.skipped.total == whole.result.skipped.total)
    }

    @Test func aLineLaterThanTheBoundIsSkippedAsLate() throws {
        let scratch = try Scratch()
        func line(_ time: String) -> String {
            #"{"ClientHost":"192.0.2.1","StartUTC":"2026-03-02T08:\#(time)Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#
        }
        let path = try scratch.write("late.log", [line("00:01"), line("05:00"), line("01:00"), line("04:00")])
        let result = try ingest([path], options: Self.options(.traefik), header: testHeader, scratch: scratch)
        #expect(result.result.skipped.counts == [.late: 1])
        #expect(result.result.skipped.summary(linesRead: 4) == "skipped 1 of 4 lines: 1 later than --max-lateness behind the newest request (first: \(path):3)")
        // 08:00:00 to 08:05:15, no gaps: empty intervals have rps 0.
        #expect(result.frames.count == 21)
        #expect(result.frames.map(\.rps).reduce(0, +) * 15 == 3)
        #expect(result.frames[1] == SignalFrame(t: 15, rps: 0))
    }

    @Test func statusCountsFollowTheSpec() throws {
        let scratch = try Scratch()
        let statuses = [200, 201, 404, 429, 429, 400, 499, 500, 302, 204]
        let lines = statuses.enumerated().map { index, status in
            #"{"ClientHost":"192.0.2.\#(index)","StartUTC":"2026-03-02T08:00:0\#(index)Z","RequestMethod":"\#(index < 3 ? "POST" : "GET")","RequestPath":"/checkout/x","DownstreamStatus":\#(status)}"#
        }
        let result = try ingest([try scratch.write("s.log", lines)], options: Self.options(.traefik), header: testHeader, scratch: scratch)
        let frame = try #require(result.frames.first)
        // 404, 400, 499 are client errors; 429 is not. POST 200 and 201 convert, the POST 404 does not.
        #expect(frame.clientErrorRatio == 0.3)
        #expect(frame.conversionRatio == 0.2)
        #expect(frame.routes == [RouteShare(route: "/checkout", share: 1)])
        #expect(frame.uniqueSources == 10)
    }
}
