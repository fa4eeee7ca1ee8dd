import KubeModel
import Testing

@Suite struct SelectorTests {
    @Test(arguments: [
        ("app=web", ["app": "web"], true),
        ("app=web", ["app": "db"], false),
        ("app!=web", [:], true),
        ("tier in (a, b),env", ["tier": "b", "env": "x"], true),
        ("tier notin (a,b)", ["tier": "a"], false),
        ("!gpu", ["gpu": "1"], false),
        ("!gpu", ["app": "web"], true),
    ])
    func parsesTheQueryForm(text: String, labels: [String: String], expected: Bool) throws {
        #expect(try LabelSelector(parsing: text).matches(labels) == expected)
    }

    @Test func selectorStringRoundTrips() throws {
        let selector = LabelSelector(matchLabels: ["costguard.dev/guard": "shop"],
                                     matchExpressions: [LabelSelectorRequirement(key: "tier", operator: .in, values: ["b", "a"])])
        #expect(selector.selectorString == "costguard.dev/guard=shop,tier in (a,b)")
        let parsed = try LabelSelector(parsing: selector.selectorString!)
        #expect(parsed.matches(["costguard.dev/guard": "shop", "tier": "a"]))
        #expect(!parsed.matches(["costguard.dev/guard": "shop", "tier": "c"]))
        #expect(LabelSelector().selectorString == nil)
    }

    @Test func fieldSelectorMatchesPaths() throws {
        let selector = try FieldSelector(parsing: "involvedObject.kind=CostGuard,metadata.namespace!=kube-system")
        #expect(selector.matches(["involvedObject": ["kind": "CostGuard"], "metadata": ["namespace": "default"]]))
        #expect(!selector.matches(["involvedObject": ["kind": "Pod"], "metadata": ["namespace": "default"]]))
    }
}
