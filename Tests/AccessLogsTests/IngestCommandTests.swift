@testable import AccessLogs
import Foundation
import GuardCore
import ScenarioIO
import Testing
import TestSupport

/// `costguard ingest` as a user runs it: the scenario on standard output, the summary on standard
/// error, and bad flags named with their fix.
@Suite struct IngestCommandTests {
    /// `swift test` builds every product; the executable sits beside the test bundle.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("costguard").path

    static let lines = (0..<600).map { index in
        #"{"ClientHost":"192.0.2.\#(index % 50)","StartUTC":"2026-03-02T08:0\#(index / 60):\#(String(format: "%02d", index % 60))Z","RequestMethod":"\#(index % 10 == 0 ? "POST" : "GET")","RequestPath":"/checkout","DownstreamStatus":200}"#
    } + ["not json"]

    @Test func writesTheScenarioOnStandardOutput() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "\(Self.executable) is missing: run the tests with swift test")
        let scratch = try Scratch()
        let log = try scratch.write("a.log", Self.lines)
        let header = try scratch.write("header.json", [testHeader])
        let run = try await Tool.run(Self.executable, ["ingest", "--format", "traefik", "--header", header,
                                                       "--conversion", "POST /checkout", "--novelty-warmup", "0s", log])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stderr == "costguard ingest: 40 frames; skipped 1 of 601 lines: 1 not a JSON object (first: \(log):601)\n")
        let out = try scratch.write("out.jsonl", [String(run.stdout.dropLast())])
        let reader = try ScenarioReader(path: out)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        #expect(reader.header.interval == 15 && reader.header.name == "generated-access-log")
        #expect(frames.count == 40 && frames.allSatisfy { $0.rps == 1 && $0.conversionRatio != nil })
        #expect(frames[0].newSourceRatio == 1 && frames[39].newSourceRatio == 0)
        // The library writes the same bytes.
        var options = IngestOptions(format: .traefik, interval: 15)
        options.conversions = [try ConversionRule(parsing: "POST /checkout")]
        options.noveltyWarmup = 0
        #expect(try ingest([log], options: options, header: testHeader, scratch: scratch, cellsLog2: 27).text == run.stdout)
    }

    @Test(arguments: [
        (["--format", "apache"], "--format apache is not a log format; give traefik, nginx or envoy"),
        (["--format", "traefik", "--interval", "1.5s"], "--interval 1.5s is not a whole number of seconds"),
        (["--format", "traefik", "--interval", "soon"], "--interval soon is not a duration"),
        (["--format", "traefik", "--conversion", "checkout"], "--conversion \"checkout\" is not METHOD PATH-PREFIX"),
        (["--format", "traefik", "--max-lateness", "30h"], "--max-lateness 30h is not a duration from 0s to 24h"),
    ])
    func badFlagsAreNamedWithTheFix(arguments: [String], message: String) async throws {
        let scratch = try Scratch()
        let header = try scratch.write("header.json", [testHeader])
        let run = try await Tool.run(Self.executable, ["ingest"] + arguments + ["--header", header, "x.log"])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func badHeadersAreNamedWithTheFix() async throws {
        let scratch = try Scratch()
        let log = try scratch.write("a.log", Self.lines)
        let cases: [(String, String)] = [
            (#"{"interval":15}"#, "interval is not a header field here; leave interval out: costguard ingest sets it"),
            ("[1]", "is not a JSON object"),
            (testHeader.replacingOccurrences(of: #""rpsPerPod":38"#, with: #""rpsPerPod":"many""#), "rpsPerPod"),
            (testHeader.replacingOccurrences(of: #""mode":"Enforce""#, with: #""mode":"Sometimes""#), "mode"),
        ]
        for (text, message) in cases {
            let header = try scratch.write("h.json", [text])
            let run = try await Tool.run(Self.executable, ["ingest", "--format", "traefik", "--header", header, log])
            #expect(run.status != 0 && run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(text): \(run.stderr)")
        }
    }

    /// `costguard ingest serve` refuses bad flags before it listens, naming the flag and the fix;
    /// `ingest FILE...` is still the offline ingest (its default subcommand).
    @Test(arguments: [
        (["--format", "apache"], "--format apache is not a log format; give traefik, nginx or envoy"),
        (["--format", "traefik", "--keep", "1m"], "--keep 1m must be longer than --max-lateness 2m"),
        (["--format", "traefik", "--max-body", "10"], "--max-body 10 is below 1024 bytes"),
        (["--format", "traefik", "--max-in-flight", "0"], "--max-in-flight 0 is not from 1 to 1024"),
        (["--format", "traefik", "--listen", "0"], "--listen 0: the receiver cannot be disabled"),
        (["--format", "traefik", "--listen", "nowhere"], "--listen"),
    ])
    func serveRefusesBadFlags(arguments: [String], message: String) async throws {
        let run = try await Tool.run(Self.executable, ["ingest", "serve"] + arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
