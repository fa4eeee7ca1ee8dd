import Foundation
@testable import GuardCore
import KubeModel
import PropertyBased
@testable import ScenarioIO
import Testing

/// Scenario files (spec/scenarios.md): frame lines, the header line, and whole files through the
/// streaming reader. A refusal must name its line, and for a frame the field.
@Suite struct ScenarioFuzzTests {
    static let header = #"{"scenario":1,"name":"t","interval":15,"start":"2026-03-02T00:00:00Z","cluster":{"nodes":2,"minNodes":1,"maxNodes":10,"podsPerNode":10,"nodeHourlyPrice":0.2,"nodeProvisionSeconds":90,"nodeScaleDownSeconds":600},"workload":{"namespace":"a","name":"b","minReplicas":1,"maxReplicas":10,"rpsPerPod":10,"targetUtilization":0.5,"podStartSeconds":30,"scaleDownStabilizationSeconds":300},"guard":{"mode":"Enforce","caps":{"maxNodes":60,"maxHourlySpend":"12.00"},"actions":{"denyList":{"enabled":true,"neverDeny":["10.0.0.0/8"]}}},"truth":{"class":"attack","onset":10,"end":20}}"#
    static let frames = [
        #"{"t":0,"rps":191.68,"clientErrorRatio":0.0177,"conversionRatio":0.032,"routes":{"/":0.3013,"/product":0.3785,"/a\"b":0.1612},"sources":{"unique":2383,"newRatio":0.118,"top":[{"prefix":"176.114.5.0/24","rps":5.45},{"prefix":"2001:db8:4::/48","rps":1e-1}]}}"#,
        #"{"t":15,"rps":11,"extra":{"ignored":[1,2,{"x":null}]},"routes":null,"sources":{"unique":null,"top":null}}"#,
        #"{"rps":3.5e2,"t":30,"clientErrorRatio":null,"conversionRatio":1}"#,
    ]

    static let frameShape = Shape.object([
        ("t", .number(0...1e7)), ("rps", .number(0...2e9)), ("clientErrorRatio", .number(0...1.2)), ("conversionRatio", .number(-0.1...1)),
        ("routes", .map(.number(0...1.1), keys: ["/", "/a", "/checkout", "/\u{7F}", "/ü"])),
        ("sources", .object([
            ("unique", .number(-1...1e7)), ("newRatio", .number(0...1.1)),
            ("top", .array(.object([
                ("prefix", .string(["198.51.100.0/24", "2001:db8::/32", "10.0.0.0/8", "300.1.1.0/24", "::/0", "1.2.3.4/33", "1.2.3.4", "::ffff:1.2.3.4/128", "a/b"])),
                ("rps", .number(-1...1e5)),
            ]), max: 6)),
        ])),
    ])

    static func readFrame(_ bytes: [UInt8]) -> Outcome {
        do {
            _ = try bytes.withUnsafeBufferPointer { buffer throws(ScenarioError) in try FrameParser.parse(buffer, line: 7) }
            return .accepted
        } catch {
            return .refused(error.description, namesPlace: error.line == 7 && !(error.field ?? "").isEmpty)
        }
    }

    @Test func frameLines() async {
        await fuzz("scenario frame", input: mutatedOrGenerated(Self.frames) { rng in Self.frameShape.value(&rng).jsonString },
             read: Self.readFrame)
    }

    static func readHeader(_ bytes: [UInt8]) -> Outcome {
        do {
            _ = try ScenarioHeader(jsonLine: String(decoding: bytes, as: UTF8.self))
            return .accepted
        } catch {
            // A JSON fault gives its byte offset, a field fault its path from "header".
            return .refused(error.description, namesPlace: error.line == 1 && (error.problem.contains("at byte") || error.problem.contains("header")))
        }
    }

    static let headerShape = Shape.object([
        ("scenario", .int(0...2)), ("name", .string(["t", "", "a b"])), ("interval", .number(0...100_000)),
        ("start", .string(["2026-03-02T00:00:00Z", "2026-03-02", "yesterday", "2026-13-40T99:00:00Z"])),
        ("cluster", .object([("nodes", .int(-1...2_000_000)), ("minNodes", .int(-1...100)), ("maxNodes", .int(0...2_000_000)),
                             ("podsPerNode", .int(0...20_000)), ("nodeHourlyPrice", .number(-1...2e6)),
                             ("nodeProvisionSeconds", .number(-1...100_000)), ("nodeScaleDownSeconds", .number(-1...1e6))])),
        ("workload", .object([("namespace", .string(["a", ""])), ("name", .string(["b"])), ("minReplicas", .int(-1...100)),
                              ("maxReplicas", .int(0...2_000_000)), ("rpsPerPod", .number(0...2e9)), ("targetUtilization", .number(0...1.5)),
                              ("podStartSeconds", .number(-1...100_000)), ("scaleDownStabilizationSeconds", .number(-1...100_000))])),
        ("guard", CostGuardSpecFuzzTests.specShape),
        ("truth", .object([("class", .string(["attack", "organic"])), ("onset", .number(-1...2e12)), ("end", .number(-1...2e12))])),
    ])

    @Test func headerLines() async {
        await fuzz("scenario header", input: mutatedOrGenerated([Self.header]) { rng in Self.headerShape.value(&rng).jsonString },
             read: Self.readHeader)
    }

    /// Whole files through ScenarioReader, with a buffer small enough that lines cross refills.
    /// 2,000 cases: each writes a file and reads a header (~5 ms in a debug build); the frame and
    /// header readers it drives get 10,000 each above.
    @Test func wholeFiles() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-scenario-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let seed = ([Self.header] + Self.frames.enumerated().map { index, _ in #"{"t":\#(index * 15),"rps":\#(10 + index)}"# }
            + [Self.frames[0]]).joined(separator: "\n")
        await fuzz("scenario file", cases: 2_000, input: mutatedOrGenerated([seed, seed + "\n\n  \n"]) { rng in
            let count = Gen.int(in: 0...12).run(using: &rng)
            return ([Self.header] + (0..<count).map { _ in Self.frameShape.value(&rng).jsonString }).joined(separator: "\n")
        }, read: { bytes in
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                return .refused("could not write the case: \(error)", namesPlace: false)
            }
            do {
                let reader = try ScenarioReader(path: path, bufferSize: 64)
                while try reader.next() != nil {}
                return .accepted
            } catch let error as ScenarioError {
                return .refused(error.description, namesPlace: error.line >= 1 && (error.field != nil || error.code == .header))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }
}
