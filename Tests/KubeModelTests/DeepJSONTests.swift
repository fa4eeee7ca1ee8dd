import KubeModel
import Testing

/// Found by the fuzz suite: a document nested a million levels deep (`[[[[…`, 1 MB) overflowed
/// the stack in `JSONReader.readValue`, killing the process: any untyped read (a CostGuard from
/// a watch, an OpenCost answer, a scenario header) could be made to crash the operator.
@Suite struct DeepJSONTests {
    @Test func aMillionNestedArraysIsAnErrorNamingTheByte() {
        let text = String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000)
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            guard let error = error as? JSONError, let offset = error.offset else { return false }
            return offset == JSONReader.maxDepth && error.message.contains("nesting deeper than 512")
        }
    }

    @Test func nestingAtTheLimitIsRead() throws {
        let text = String(repeating: #"{"a":"#, count: JSONReader.maxDepth) + "1" + String(repeating: "}", count: JSONReader.maxDepth)
        var value = try JSONValue(parsing: text)
        for _ in 0..<JSONReader.maxDepth { value = try #require(value["a"]) }
        #expect(value == .int(1))
    }
}
