import KubeModel
import Testing

@Suite struct JSONRawBytesTests {
    @Test func stringBytesAreTheBufferBetweenTheQuotes() throws {
        let text = Array(#"{"a":"plain","b":"x\"y","n":42,"q":"503","neg":-7}"#.utf8)
        var seen: [String: String] = [:]
        var numbers: [String: Int64] = [:]
        try JSONReader.read(text) { reader in
            try reader.readObject { reader, key in
                if key.matches("a") || key.matches("b") {
                    let (bytes, escaped) = try reader.readStringBytes()
                    seen[key.string] = String(decoding: bytes, as: UTF8.self) + (escaped ? " (escaped)" : "")
                } else {
                    numbers[key.string] = try reader.readIntegerInPlace()
                }
            }
        }
        #expect(seen == ["a": "plain", "b": #"x\"y (escaped)"#])
        #expect(numbers == ["n": 42, "q": 503, "neg": -7])
    }

    @Test func integerInPlaceRefusesFractionsAndText() {
        for bad in ["1.5", "2e3", "\"abc\"", "true", "1234567890123456789", "\"12"] {
            #expect(throws: JSONError.self, "\(bad)") {
                try JSONReader.read(Array(bad.utf8)) { try $0.readIntegerInPlace() }
            }
        }
        // A refused value can still be skipped: the reader is back at its start.
        let skipped = try? JSONReader.read(Array(#"["x",7]"#.utf8)) { reader -> Int64 in
            var last: Int64 = 0
            try reader.readArray { reader in
                do { last = try reader.readIntegerInPlace() } catch { try reader.skipValue() }
            }
            return last
        }
        #expect(skipped == 7)
    }
}
