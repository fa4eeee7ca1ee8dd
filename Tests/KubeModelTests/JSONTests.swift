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

    @Test func mergePatchFollowsRFC7386() throws {
        let target: JSONValue = ["a": "b", "c": ["d": "e", "f": "g"], "list": [1, 2]]
        let patch: JSONValue = ["a": "z", "c": ["f": nil], "list": [3]]
        #expect(target.applyingMergePatch(patch) == ["a": "z", "c": ["d": "e"], "list": [3]])
    }

    @Test func mergePatchDiffTouchesOnlyChangedFields() {
        let original: JSONValue = ["spec": ["maxReplicas": 10, "unknownField": "kept"], "metadata": ["name": "web"]]
        let modified: JSONValue = ["spec": ["maxReplicas": 4, "unknownField": "kept"], "metadata": ["name": "web"]]
        let patch = JSONValue.mergePatch(from: original, to: modified)
        #expect(patch == ["spec": ["maxReplicas": 4]])
        #expect(original.applyingMergePatch(patch) == modified)
    }

    @Test func jsonPatchAppliesOpsAndGuardsWithTest() throws {
        let document: JSONValue = ["spec": ["maxReplicas": 10, "list": ["a"]], "metadata": ["annotations": ["x/y": "1"]]]
        let patched = try document.applyingJSONPatch([
            .test("/spec/maxReplicas", 10),
            .replace("/spec/maxReplicas", 4),
            .add("/spec/list/-", "b"),
            .remove("/metadata/annotations/x~1y"),
        ])
        #expect(patched == ["spec": ["maxReplicas": 4, "list": ["a", "b"]], "metadata": ["annotations": [:]]])
        #expect(throws: JSONError.self) {
            try document.applyingJSONPatch([.test("/spec/maxReplicas", 9), .replace("/spec/maxReplicas", 4)])
        }
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
