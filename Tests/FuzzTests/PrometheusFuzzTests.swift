import Foundation
import KubeModel
import PropertyBased
@testable import Signals
import Testing

/// Prometheus query answers and OpenCost asset answers. Every refusal names the query (or
/// OpenCost), and a JSON fault its byte offset.
@Suite struct PrometheusFuzzTests {
    static let answers = [
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","route":"/checkout"},"value":[1435781451.781,"1"]},{"metric":{},"value":[1435781451.781,"NaN"]}]}}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"prefix":"198.51.100.0/24"},"values":[[1435781430.781,"1.5e+06"],[1435781445.781,"+Inf"],[1435781460.781,"-Inf"]]}]},"warnings":["w"],"infos":["i"]}"#,
        #"{"status":"success","data":{"result":[1435781451.781,"0.25"],"resultType":"scalar"}}"#,
        #"{"status":"error","errorType":"bad_data","error":"parse error at char 5: unexpected \"}\""}"#,
        #"{"status":"success","data":{"resultType":"string","result":[1,"x"]}}"#,
    ]

    static let sample = Shape.array(.number(0...2e9), max: 2)
    static let shape = Shape.object([
        ("status", .string(["success", "error", "Success"])), ("errorType", .string(["bad_data", "timeout"])), ("error", .string(["e"])),
        ("warnings", .array(.string(["w"]), max: 2)),
        ("data", .object([("resultType", .string(["vector", "matrix", "scalar", "string", "histogram"])),
                          ("result", .array(.object([("metric", .map(.string(["a", ""]), keys: ["__name__", "route", "prefix"])),
                                                     ("value", sample), ("values", .array(sample, max: 5))]), max: 4))])),
    ])

    @Test func queryAnswers() async {
        let statuses = [200, 200, 200, 400, 422, 503]
        await fuzz("Prometheus answer", input: mutatedOrGenerated(Self.answers) { rng in Self.shape.value(&rng).jsonString }, read: { bytes in
            do {
                _ = try PromResponseDecoder.decode(bytes, httpStatus: statuses[bytes.count % statuses.count], describe: "query requestRate")
                return .accepted
            } catch let error as SignalsError {
                let named = error.description.contains("query requestRate")
                let offset = error.code != .notJSON || error.description.contains("at byte") || error.description.contains("status field")
                return .refused(error.description, namesPlace: named && offset)
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    static let assets = [
        #"{"code":200,"data":{"node/a":{"type":"Node","properties":{"name":"ip-10-0-1-5"},"nodeType":"m5.large","totalCost":0.096,"minutes":60},"disk/b":{"type":"Disk","totalCost":1,"minutes":60},"node/c":{"type":"Node","properties":{"name":"c"},"nodeType":"m5.large","totalCost":4,"minutes":30.5}}}"#,
        #"{"code":200,"data":[{"n":{"type":"Node","properties":{"name":"a"},"totalCost":1,"minutes":60}},{"n":{"type":"Node","properties":{"name":"a"},"totalCost":2,"minutes":60}}]}"#,
        #"{"code":500,"message":"boom"}"#,
    ]
    static let assetShape = Shape.object([("type", .string(["Node", "Disk", "LoadBalancer"])), ("properties", .object([("name", .string(["a", "b", ""]))])),
                                          ("nodeType", .string(["m5.large", ""])), ("totalCost", .number(-1...1e9)), ("minutes", .number(-1...1e5))])
    static let openCostShape = Shape.object([("code", .int(199...501)), ("message", .string(["m"])),
                                             ("data", .map(assetShape, keys: ["node/a", "node/b", "disk/c"]))])

    @Test func openCostAnswers() async throws {
        // The seeds are valid answers, so mutations start from what OpenCost really sends.
        #expect(try OpenCostPrices.parse(Array(Self.assets[0].utf8)).byNode["ip-10-0-1-5"] == 0.096)
        await fuzz("OpenCost answer", input: mutatedOrGenerated(Self.assets) { rng in Self.openCostShape.value(&rng).jsonString }, read: { bytes in
            do {
                let prices = try OpenCostPrices.parse(bytes)
                // Accepted prices are usable: finite, not negative, under the documented bound.
                let plausible = (prices.byNode.values.map { $0 } + prices.byInstanceType.values.map { $0 }).allSatisfy { $0.isFinite && $0 >= 0 && $0 < 1e6 }
                return plausible ? .accepted : .refused("accepted an implausible price: \(prices)", namesPlace: false)
            } catch let error as SignalsError {
                let offset = error.code != .notJSON || error.description.contains("at byte")
                return .refused(error.description, namesPlace: error.description.contains("OpenCost") && offset)
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }
}
