import KubeModel
@testable import KubeSim
import Testing
import TestSupport

/// Custom resources checked as the apiextensions server checks them: pruned, defaulted,
/// validated against the schema, then against the CEL rules (with oldSelf on updates).
@Suite struct CRDValidationRulesTests {
    static let widgetCRD = """
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: widgets.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {plural: widgets, singular: widget, kind: Widget}
      versions:
        - name: v1
          served: true
          storage: true
          subresources: {status: {}}
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  default: {}
                  x-kubernetes-validations:
                    - rule: "!has(self.min) || !has(self.max) || self.min <= self.max"
                      message: min must not exceed max
                      fieldPath: .min
                  properties:
                    size: {type: string, enum: [S, M, L], default: M}
                    min: {type: integer, minimum: 0}
                    max: {type: integer}
                    generation:
                      type: integer
                      x-kubernetes-validations:
                        - rule: self >= oldSelf
                          message: generation may not go down
                    tags:
                      type: array
                      maxItems: 2
                      items: {type: string, minLength: 1}
                    open:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                status:
                  type: object
                  properties:
                    phase: {type: string, enum: [Ready, Failed]}
                    count: {type: integer}
                    conditions:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [type]
                      items:
                        type: object
                        required: [type, status]
                        properties:
                          type: {type: string}
                          status: {type: string}
    """

    static func setUp() throws -> (ClusterState, ResourceType) {
        let cluster = ClusterState()
        let crdType = try #require(cluster.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
        try cluster.create(crdType, namespace: nil, body: try #require(try YAMLDocuments.parse(widgetCRD).first))
        let type = try #require(cluster.resourceType(group: "example.com", version: "v1", plural: "widgets"))
        return (cluster, type)
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let failure as APIFailure {
            return "\(failure.code) \(failure.status.message ?? "")"
        } catch {
            return String(describing: error)
        }
    }

    @Test func defaultsAreAppliedAndUnknownFieldsPruned() throws {
        let (cluster, type) = try Self.setUp()
        let created = try cluster.create(type, namespace: "default", body: [
            "metadata": ["name": "w"], "spec": ["min": 1, "color": "red", "open": ["anything": ["goes": true]]],
        ])
        #expect(created.value(atPath: "spec.size") == "M")
        #expect(created.value(atPath: "spec.color") == nil)
        #expect(created.value(atPath: "spec.open.anything.goes") == true)
        let bare = try cluster.create(type, namespace: "default", body: ["metadata": ["name": "bare"]])
        #expect(bare.value(atPath: "spec.size") == "M")
    }

    @Test func schemaErrorsNameTheFieldAsTheRealServerDoes() throws {
        let (cluster, type) = try Self.setUp()
        let cases: [(JSONValue, String)] = [
            (["size": "XL"], #"spec.size: Unsupported value: "XL": supported values: "S", "M", "L""#),
            (["min": -1], "spec.min: Invalid value: -1: spec.min in body should be greater than or equal to 0"),
            (["min": "one"], #"spec.min: Invalid value: "string": spec.min in body must be of type integer: "string""#),
            (["tags": ["a", "b", "c"]], "spec.tags: Too many: 3: must have at most 2 items"),
            (["tags": [""]], #"spec.tags[0]: Invalid value: "": spec.tags[0] in body should be at least 1 chars long"#),
            (["min": 5, "max": 2], #"spec.min: Invalid value: "object": min must not exceed max"#),
        ]
        for (index, (spec, expected)) in cases.enumerated() {
            let message = Self.refusal {
                try cluster.create(type, namespace: "default", body: ["metadata": ["name": .string("w\(index)")], "spec": spec])
            }
            #expect(message?.contains(expected) == true, "\(spec.jsonString): \(message ?? "accepted")")
            #expect(message?.contains("422") == true)
        }
        // A type error keeps the rules from running, as upstream says.
        let blocked = Self.refusal {
            try cluster.create(type, namespace: "default", body: ["metadata": ["name": "b"], "spec": ["min": "x", "max": 1]])
        }
        #expect(blocked?.contains("some validation rules were not checked because the object was invalid") == true, "\(blocked ?? "")")
    }

    @Test func transitionRulesSeeOldSelfOnUpdatesOnly() throws {
        let (cluster, type) = try Self.setUp()
        try cluster.create(type, namespace: "default", body: ["metadata": ["name": "w"], "spec": ["generation": 5]])
        let lowered = Self.refusal {
            _ = try cluster.patch(type, namespace: "default", name: "w", patchType: .merge, patch: ["spec": ["generation": 4]])
        }
        #expect(lowered?.contains(#"spec.generation: Invalid value: "integer": generation may not go down"#) == true, "\(lowered ?? "accepted")")
        let raised = try cluster.patch(type, namespace: "default", name: "w", patchType: .merge, patch: ["spec": ["generation": 6]])
        #expect(raised.value(atPath: "spec.generation") == 6)
        #expect(try cluster.object(type, namespace: "default", name: "w")?.value(atPath: "spec.generation") == 6)
    }

    @Test func statusWritesAreValidatedToo() throws {
        let (cluster, type) = try Self.setUp()
        try cluster.create(type, namespace: "default", body: ["metadata": ["name": "w"]])
        let bad = Self.refusal {
            _ = try cluster.patch(type, namespace: "default", name: "w", subresource: "status", patchType: .merge,
                                  patch: ["status": ["phase": "Exploded"]])
        }
        #expect(bad?.contains(#"status.phase: Unsupported value: "Exploded": supported values: "Ready", "Failed""#) == true, "\(bad ?? "accepted")")
        let missing = Self.refusal {
            _ = try cluster.patch(type, namespace: "default", name: "w", subresource: "status", patchType: .merge,
                                  patch: ["status": ["conditions": [["type": "Ready"]]]])
        }
        #expect(missing?.contains("status.conditions[0].status: Required value") == true, "\(missing ?? "accepted")")
        let duplicate = Self.refusal {
            _ = try cluster.patch(type, namespace: "default", name: "w", subresource: "status", patchType: .merge,
                                  patch: ["status": ["conditions": [["type": "Ready", "status": "True"], ["type": "Ready", "status": "False"]]]])
        }
        #expect(duplicate?.contains("status.conditions[1]: Duplicate value") == true, "\(duplicate ?? "accepted")")
        let good = try cluster.patch(type, namespace: "default", name: "w", subresource: "status", patchType: .merge,
                                     patch: ["status": ["phase": "Ready", "count": 2, "extra": 1]])
        #expect(good.value(atPath: "status.phase") == "Ready")
        #expect(good.value(atPath: "status.extra") == nil)
    }

    @Test func aCRDWhoseRuleDoesNotCompileOrWhoseDefaultIsInvalidIsRefused() throws {
        let cluster = ClusterState()
        let crdType = try #require(cluster.resourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"))
        let broken = Self.widgetCRD
            .replacingOccurrences(of: #"rule: self >= oldSelf"#, with: #"rule: self >= oldSelf +"#)
            .replacingOccurrences(of: "default: M", with: "default: XL")
        let message = Self.refusal {
            try cluster.create(crdType, namespace: nil, body: try #require(try YAMLDocuments.parse(broken).first))
        }
        let text = try #require(message)
        #expect(text.contains("spec.validation.openAPIV3Schema.properties[spec].properties[generation].x-kubernetes-validations[0].rule: Invalid value: \"self >= oldSelf +\": compilation failed: ERROR: <input>:1:"), "\(text)")
        #expect(text.contains(#"spec.validation.openAPIV3Schema.properties[spec].properties[size].default: Unsupported value: "XL""#), "\(text)")
        #expect(cluster.resourceType(group: "example.com", version: "v1", plural: "widgets") == nil)
    }
}
