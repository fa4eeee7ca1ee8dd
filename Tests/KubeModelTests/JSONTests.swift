import KubeModel
import Testing

@Suite struct JSONTests {
    @Test func parsesAndSerializesWithEscapes() throws {
        let value = try JSONValue(parsing: #"{"b":[1,2.5,true,null],"a":"x\"y\n\u00e9\ud83d\ude00","n":-7}"#)
        #expect(value["a"] == .string("x\"y\né😀"))
        #expect(value["n"] == .int(-7))
        #expect(value["b"] == [1, 2.5, true, nil])
        #expect(value.jsonString == #"{"a":"x\"y\né😀","b":[1,2.5,true,null],"n":-7}"#)
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test func rejectsBrokenDocuments() {
        #expect(throws: JSONError.self) { try JSONValue(parsing: #"{"a":1"#) }
        #expect(throws: JSONError.self) { try JSONValue(parsing: #"{"a":1} x"#) }
        #expect(throws: JSONError.self) { try JSONValue(parsing: #"["unterminated]"#) }
    }

    @Test func readerSkipsWhatItIsNotAskedFor() throws {
        let text = #"{"skip":{"deep":[{"x":"]}"},"\"{"]},"keep":"yes"}"#
        let kept = try JSONReader.read(Array(text.utf8)) { reader -> String? in
            var kept: String?
            try reader.readObject { reader, key in
                if key.matches("keep") { kept = try reader.readString() }
            }
            return kept
        }
        #expect(kept == "yes")
    }
}
