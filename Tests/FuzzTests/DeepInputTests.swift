import CostGuardAPI
import Foundation
@testable import GuardCore
@testable import KubeClient
import KubeModel
@testable import Signals
import Testing

/// One huge input per reader: 1,000,000 nested arrays (or objects) where a value belongs, and
/// strings of 8 MiB. Each must be refused (or read) within the time bound, naming the place,
/// and a nesting fault must stop near its depth limit rather than read the whole input, which
/// is what keeps memory bounded: a reader that built the million levels would hold ~100 MB.
@Suite struct DeepInputTests {
    static let depth = 1_000_000
    static let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    static let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)

    /// Runs `read` once on a huge input with the fuzz driver's checks, and its time bound.
    func huge(_ reader: String, _ inputs: [String], read: @escaping @Sendable ([UInt8]) -> Outcome) async {
        let bytes = inputs.map { Array($0.utf8) }
        await fuzz("\(reader) (huge)", cases: bytes.count, timeLimit: .seconds(10), input: { _, index in bytes[index] }, read: read)
    }

    /// A nesting refusal from the JSON reader stops within a few bytes of its depth limit.
    static func stoppedEarly(_ error: JSONError) -> Bool {
        (error.offset ?? .max) <= 8 * JSONReader.maxDepth
    }

    @Test func scenarioFrameAndHeader() async {
        await huge("scenario frame", [#"{"t":0,"rps":1,"x":\#(Self.arrays)}"#, #"{"t":0,"rps":1,"x":\#(Self.objects)}"#,
                                #"{"t":0,"rps":1,"routes":{"\#(String(repeating: "r", count: 8 << 20))":1}}"#], read: ScenarioFuzzTests.readFrame)
        await huge("scenario header", [#"{"scenario":1,"x":\#(Self.arrays)}"#, #"{"scenario":1,"guard":\#(Self.objects)}"#],
             read: ScenarioFuzzTests.readHeader)
    }

    @Test func deepJSONStopsAtTheDepthLimit() async {
        for text in [Self.arrays, Self.objects] {
            do {
                _ = try JSONValue(parsing: text)
                Issue.record("a million levels were read")
            } catch let error as JSONError {
                #expect(Self.stoppedEarly(error), "\(error)")
                #expect(error.description.contains("deeper than"), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
        // The limit itself is readable: real documents nest a few dozen levels.
        let limit = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect(throws: Never.self) { try JSONValue(parsing: limit) }
    }

    @Test func costGuardSpecs() async {
        // The YAML parser stops at 1,000 levels; just under it the tree is built and decoded recursively.
        let underLimit = String(repeating: "[", count: 990) + String(repeating: "]", count: 990)
        let yamlDeep = "spec:\n  caps: " + Self.arrays
        await huge("CostGuard manifest YAML", [yamlDeep, "spec: " + String(repeating: "{a: ", count: Self.depth), "spec:\n  caps: " + underLimit],
             read: { bytes in
            do {
                _ = try CostGuardSpec.parse(manifest: String(decoding: bytes, as: UTF8.self))
                return .accepted
            } catch let errors as SpecErrors {
                return .refused(errors.description, namesPlace: errors.errors.allSatisfy { !$0.field.isEmpty })
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    @Test func kubeconfigAndExecCredential() async {
        await huge("kubeconfig", ["clusters: " + Self.arrays, "users:\n- name: a\n  user: " + Self.objects,
                            "clusters: " + String(repeating: "[", count: 990) + String(repeating: "]", count: 990)], read: { bytes in
            do {
                _ = try KubeConfig.parse(yaml: String(decoding: bytes, as: UTF8.self), baseDirectory: NSTemporaryDirectory())
                return .accepted
            } catch let error as KubeError {
                return .refused(error.description, namesPlace: ErrorPlace.named(error))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
        await huge("ExecCredential", [#"{"status":\#(Self.arrays)}"#, #"{"status":{"token":"t","x":\#(Self.objects)}}"#], read: { bytes in
            do {
                _ = try ExecPluginRunner.result(from: Data(bytes), command: "aws")
                return .accepted
            } catch let error as KubeError {
                return .refused(error.description, namesPlace: ErrorPlace.named(error))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    @Test func prometheusAndOpenCost() async {
        await huge("Prometheus answer", [#"{"status":"success","data":{"resultType":"vector","x":\#(Self.arrays),"result":[]}}"#,
                                   #"{"status":"success","data":{"resultType":"vector","result":\#(Self.arrays)}}"#,
                                   #"{"status":"success","warnings":["\#(String(repeating: "w", count: 8 << 20))"],"data":{"resultType":"vector","result":[]}}"#],
             read: { bytes in
            do {
                _ = try PromResponseDecoder.decode(bytes, httpStatus: 200, describe: "query requestRate")
                return .accepted
            } catch let error as SignalsError {
                return .refused(error.description, namesPlace: error.description.contains("query requestRate"))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
        await huge("OpenCost answer", [#"{"code":200,"data":\#(Self.arrays)}"#, #"{"code":200,"data":{"n":\#(Self.objects)}}"#], read: { bytes in
            do {
                _ = try OpenCostPrices.parse(bytes)
                return .accepted
            } catch let error as SignalsError {
                return .refused(error.description, namesPlace: error.description.contains("at byte"))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    @Test func watchEventsAndLists() async {
        let nodes = WatchFuzzTests.check(.readable(Node.self), event: true)
        let hpas = WatchFuzzTests.check(.codable(HorizontalPodAutoscaler.self), event: true)
        let guards = WatchFuzzTests.check(ObjectCodec<CustomObject>.json, event: true)
        let lists = WatchFuzzTests.check(.readable(Node.self), event: false)
        let inputs = [#"{"type":"ADDED","object":{"metadata":{"name":"a"},"x":\#(Self.arrays)}}"#,
                      #"{"type":"ERROR","object":\#(Self.objects)}"#,
                      #"{"type":"MODIFIED","object":{"metadata":{"name":"\#(String(repeating: "n", count: 8 << 20))"}}}"#]
        await huge("watch event Node", inputs, read: nodes)
        await huge("watch event HPA", inputs, read: hpas)
        await huge("watch event CostGuard", inputs, read: guards)
        await huge("list answer", [#"{"items":[\#(Self.arrays)]}"#, #"{"metadata":\#(Self.objects),"items":[]}"#], read: lists)
    }

    /// A watch line of 8 MiB arriving in 4 KiB chunks: framed in linear time, not re-scanned per chunk.
    @Test func longWatchLineInSmallChunks() async {
        let line = Array((#"{"type":"ADDED","object":{"metadata":{"name":""# + String(repeating: "n", count: 8 << 20) + "\"}}}\n").utf8)
        await huge("watch stream framing", [""], read: { _ in
            var splitter = LineSplitter()
            var lines = 0
            do {
                for start in stride(from: 0, to: line.count, by: 4096) {
                    lines += try splitter.feed(line[start..<min(line.count, start + 4096)]).count
                }
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
            return lines == 1 ? .accepted : .refused("\(lines) lines from one", namesPlace: false)
        })
    }
}
