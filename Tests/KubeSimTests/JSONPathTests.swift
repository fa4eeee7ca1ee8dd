import KubeModel
@testable import KubeSim
import Testing

/// The JSONPath forms CRD printer columns use, with client-go's results for them.
@Suite struct JSONPathTests {
    static let guardObject: JSONValue = [
        "metadata": ["name": "shop", "labels": ["app.kubernetes.io/name": "costguard"]],
        "spec": ["mode": "Enforce", "caps": ["maxNodes": 40], "zones": [["name": "eu-1"], ["name": "eu-2"]]],
        "status": [
            "phase": "Surge", "nodes": 12, "empty": nil,
            "conditions": [
                ["type": "SignalsAvailable", "status": "True"],
                ["type": "Ready", "status": "False", "reason": "Pending"],
                ["type": "Ready", "status": "True"],
            ],
        ],
    ]

    func values(_ path: String) throws -> [JSONValue] {
        try JSONPath(path).evaluate(Self.guardObject)
    }

    @Test func dottedFieldsReachNestedValues() throws {
        #expect(try values(".spec.mode") == ["Enforce"])
        #expect(try values(".spec.caps.maxNodes") == [40])
        #expect(try values(".status.nodes") == [12])
    }

    @Test func theLoneDotIsTheObjectItself() throws {
        #expect(try values(".") == [Self.guardObject])
    }

    @Test func missingKeysGiveNoResultAndNoError() throws {
        #expect(try values(".status.verdict.class").isEmpty)
        #expect(try values(".spec.mode.deeper").isEmpty)
        // A null is a value at the end of a path, and nothing to descend into.
        #expect(try values(".status.empty") == [nil])
        #expect(try values(".status.empty.more").isEmpty)
    }

    @Test func indexesCountFromEitherEnd() throws {
        #expect(try values(".spec.zones[0].name") == ["eu-1"])
        #expect(try values(".spec.zones[1].name") == ["eu-2"])
        #expect(try values(".spec.zones[-1].name") == ["eu-2"])
        #expect(try values(".spec.zones[*].name") == ["eu-1", "eu-2"])
    }

    @Test func indexingOutOfRangeOrIntoAMapIsAnError() throws {
        #expect(throws: JSONPath.Failure.self) { try values(".spec.zones[2].name") }
        #expect(throws: JSONPath.Failure.self) { try values(".spec.caps[0]") }
        #expect(JSONPath(steps: [.field("spec"), .field("zones"), .index(5)]).firstValue(in: Self.guardObject) == nil)
    }

    @Test func filtersSelectListElementsByAStringField() throws {
        #expect(try values(#".status.conditions[?(@.type=="Ready")].status"#) == ["False", "True"])
        #expect(try values(".status.conditions[?(@.type == 'SignalsAvailable')].status") == ["True"])
        #expect(try values(#".status.conditions[?(@.type!="Ready")].type"#) == ["SignalsAvailable"])
        #expect(try values(#".status.conditions[?(@.type=="Missing")].status"#).isEmpty)
        #expect(try values(".status.conditions[?(@.reason)].reason") == ["Pending"])
        // A printer column shows the first match.
        #expect(try JSONPath(#".status.conditions[?(@.type=="Ready")].status"#).firstValue(in: Self.guardObject) == "False")
    }

    @Test func comparingUnlikeKindsFailsAsGoTemplatesDo() throws {
        #expect(throws: JSONPath.Failure.self) { try values(".status.conditions[?(@.type==3)].status") }
        let counts: JSONValue = ["items": [["n": 2], ["n": 3]]]
        #expect(try JSONPath(".items[?(@.n==3)]").evaluate(counts) == [["n": 3]])
        #expect(throws: JSONPath.Failure.self) { try JSONPath(".items[?(@.n==3.0)]").evaluate(counts) }
    }

    @Test func quotedAndEscapedNamesKeepTheirDots() throws {
        #expect(try values(".metadata.labels['app.kubernetes.io/name']") == ["costguard"])
        #expect(try values(#".metadata.labels.app\.kubernetes\.io/name"#) == ["costguard"])
    }

    @Test func unsupportedSyntaxIsRefused() {
        for path in ["..name", ".spec.zones[0:1]", ".spec.*", "spec.mode", ".a[?(@.b>1)]", ".a[", #".a[?(@.b=="x"]"#] {
            #expect(throws: JSONPath.Failure.self, "\(path)") { try JSONPath(path) }
        }
    }
}
