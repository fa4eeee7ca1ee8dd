import KubeModel
import KubeSim
import Testing

/// The patches KubeSim applies to what it stores, as kube-apiserver does.
@Suite struct PatchApplicationTests {
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
}
