@testable import Signals
import Testing

/// The envelope reader on the shapes the API documents, beyond what the real server gives the data tests.
struct ResponseDecodingTests {
    static func decode(_ text: String, status: Int = 200) throws(SignalsError) -> QueryResult {
        try PromResponseDecoder.decode(Array(text.utf8), httpStatus: status, describe: "query \"q\"")
    }

    @Test("a matrix with escaped labels, warnings and infos; keys in any order")
    func matrix() throws {
        let result = try Self.decode(#"""
        {"data":{"result":[{"values":[[1795000000,"1.5"],[1795000015.5,"NaN"],[1795000030,"+Inf"]],
          "metric":{"route":"/a\"b\\c\u00e9\ud83d\ude00","__name__":"x"}}],"resultType":"matrix"},
         "status":"success","warnings":["partial"],"infos":["note"]}
        """#)
        #expect(result.kind == .matrix && result.warnings == ["partial", "note"])
        let series = try #require(result.series.first)
        #expect(series.labels["route"] == "/a\"b\\cé😀")
        #expect(series.samples.count == 3 && series.samples[0] == PromSample(time: 1_795_000_000, value: 1.5))
        #expect(series.samples[1].value.isNaN && series.samples[1].time == 1_795_000_015.5 && series.samples[2].value == .infinity)
    }

    @Test("a scalar, an empty vector and an API error")
    func shapes() throws {
        let scalar = try Self.decode(#"{"status":"success","data":{"resultType":"scalar","result":[1795000000,"-2e-3"]}}"#)
        #expect(scalar.kind == .scalar && scalar.series.first?.samples.first?.value == -0.002)
        let empty = try Self.decode(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
        #expect(empty.kind == .vector && empty.series.isEmpty)
        let error = #expect(throws: SignalsError.self) {
            try Self.decode(#"{"status":"error","errorType":"execution","error":"query timed out"}"#, status: 503)
        }
        #expect(error?.code == .apiError && error?.message.contains("execution (HTTP 503): query timed out") == true)
    }

    @Test("truncated or foreign bodies are notJSON, or httpStatus when the status says so")
    func foreignBodies() {
        let truncated = #expect(throws: SignalsError.self) { try Self.decode(#"{"status":"success","data":{"resultType":"vector","result":[{"#) }
        #expect(truncated?.code == .notJSON)
        let other = #expect(throws: SignalsError.self) { try Self.decode(#"{"hello":"world"}"#) }
        #expect(other?.code == .notJSON)
        let gateway = #expect(throws: SignalsError.self) { try Self.decode("Bad Gateway", status: 502) }
        #expect(gateway?.code == .httpStatus && gateway?.message.contains("HTTP 502") == true)
    }

    @Test("bodies of the wrong shape are notJSON, never a partial result", arguments: [
        #"{"status":"success","data":{"resultType":"matrix","result":null}}"#,
        #"{"status":"success","data":{"resultType":"scalar","result":[1795000000,"1","2"]}}"#,
        #"{"status":"success","data":{"resultType":"scalar","result":[1795000000]}}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795000000,1]]}]}}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[1795000000]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":3},"value":[1795000000,"1"]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[]}} trailing"#,
    ])
    func wrongShapes(body: String) {
        let error = #expect(throws: SignalsError.self) { try Self.decode(body) }
        #expect(error?.code == .notJSON, "\(body): \(String(describing: error))")
    }
}
