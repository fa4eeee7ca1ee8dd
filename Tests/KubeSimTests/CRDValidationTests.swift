import Foundation
import KubeModel
import KubeSim
import Testing
import TestSupport

/// KubeSim refuses the CRDs and custom resources a real API server refuses: a CRD whose
/// defaults fail their own schema or CEL rules, and objects that fail the served schema.
@Suite struct CRDValidationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The CostGuard CRD's rules as they were before they were guarded with has(): a real
    /// kube-apiserver refused this CRD, because each `default: {}` is checked against the
    /// rules at its level before the nested defaults are filled in.
    static let brokenRulesCRD = """
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: costguards.costguard.dev
    spec:
      group: costguard.dev
      scope: Cluster
      names: {plural: costguards, singular: costguard, kind: CostGuard, listKind: CostGuardList, shortNames: [cg]}
      versions:
        - name: v1alpha1
          served: true
          storage: true
          subresources: {status: {}}
          schema:
            openAPIV3Schema:
              type: object
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata: {type: object}
                spec:
                  type: object
                  default: {}
                  x-kubernetes-validations:
                    - rule: >-
                        !self.detection.holdDown.matches('^(([0-9]+([.][0-9]*)?|[.][0-9]+)(ms|h|m|s))+$')
                        || !self.signals.interval.matches('^(([0-9]+([.][0-9]*)?|[.][0-9]+)(ms|h|m|s))+$')
                        || duration(self.detection.holdDown) >= duration(self.signals.interval)
                      fieldPath: .detection.holdDown
                      message: >-
                        detection.holdDown is shorter than signals.interval; a pause must outlast one
                        evaluation, so make holdDown at least as long as the interval
                  properties:
                    signals:
                      type: object
                      default: {}
                      properties:
                        interval:
                          type: string
                          pattern: '^(([0-9]+([.][0-9]*)?|[.][0-9]+)(ms|h|m|s))+$'
                          default: 15s
                    detection:
                      type: object
                      default: {}
                      properties:
                        holdDown:
                          type: string
                          pattern: '^(([0-9]+([.][0-9]*)?|[.][0-9]+)(ms|h|m|s))+$'
                          default: 10m
                    actions:
                      type: object
                      default: {}
                      properties:
                        rateLimit:
                          type: object
                          default: {}
                          x-kubernetes-validations:
                            - rule: "!self.enabled || (has(self.middleware) && has(self.middleware.namespace) && has(self.middleware.name))"
                              fieldPath: .middleware
                              message: actions.rateLimit.middleware needs namespace and name when rateLimit is enabled; name the Traefik Middleware to tighten
                            - rule: self.surgeBurst >= self.surgeAverage
                              fieldPath: .surgeBurst
                              message: actions.rateLimit.surgeBurst is below surgeAverage; a burst must be at least the average
                          properties:
                            enabled: {type: boolean, default: false}
                            middleware:
                              type: object
                              properties:
                                namespace: {type: string}
                                name: {type: string}
                            surgeAverage: {type: integer, minimum: 1, default: 10}
                            surgeBurst: {type: integer, minimum: 1, default: 20}
                status:
                  type: object
    """

    static func repositoryCRD() throws -> JSONValue {
        try YAMLDocuments.loadOne(packageRoot + "/crds/costguard.dev_costguards.yaml")
    }

    static func examples(_ directory: String) throws -> [(file: String, text: String)] {
        let path = packageRoot + "/crds/examples/" + directory
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") }.sorted().map {
            ($0, try String(contentsOfFile: path + "/" + $0, encoding: .utf8))
        }
    }

    @Test func theOldUnguardedRulesAreRefusedWithTheRealServersThreeMessages() async throws {
        let crd = try #require(try YAMLDocuments.parse(Self.brokenRulesCRD).first)
        try await withAPIServer { server in
            let answer = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.crdPath, crd)
            #expect(answer.status == 422)
            #expect(answer.body["reason"] == "Invalid")
            let message = answer.message
            #expect(message.hasPrefix(#"CustomResourceDefinition.apiextensions.k8s.io "costguards.costguard.dev" is invalid: ["#), "\(message)")
            let expected = [
                #"spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: "object": no such key: detection evaluating rule: detection.holdDown is shorter than signals.interval; a pause must outlast one evaluation, so make holdDown at least as long as the interval"#,
                #"spec.validation.openAPIV3Schema.properties[spec].properties[actions].properties[rateLimit].default: Invalid value: "object": no such key: enabled evaluating rule: actions.rateLimit.middleware needs namespace and name when rateLimit is enabled; name the Traefik Middleware to tighten"#,
                #"spec.validation.openAPIV3Schema.properties[spec].properties[actions].properties[rateLimit].default: Invalid value: "object": no such key: surgeBurst evaluating rule: actions.rateLimit.surgeBurst is below surgeAverage; a burst must be at least the average"#,
            ]
            #expect(message == #"CustomResourceDefinition.apiextensions.k8s.io "costguards.costguard.dev" is invalid: ["#
                + expected.joined(separator: ", ") + "]", "\(message)")
            #expect(answer.body.value(atPath: "details.causes")?.arrayValue?.count == 3)
            // Nothing was stored or served.
            let get = try await CRDValidationHTTP.send(server, "GET", CRDValidationHTTP.crdPath + "/costguards.costguard.dev")
            #expect(get.status == 404)
            let list = try await CRDValidationHTTP.send(server, "GET", CRDValidationHTTP.costGuardsPath)
            #expect(list.status == 404)
        }
    }

    @Test func theRepositoryCRDIsAcceptedAndItsExamplesToo() async throws {
        let crd = try Self.repositoryCRD()
        let examples = try Self.examples("")
        #expect(examples.count >= 3)
        try await withAPIServer { server in
            let created = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.crdPath, crd)
            #expect(created.status == 201, "\(created.message)")
            for example in examples {
                let object = try #require(try YAMLDocuments.parse(example.text, file: example.file).first)
                let answer = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.costGuardsPath + "?fieldValidation=Strict", object)
                #expect(answer.status == 201, "\(example.file): \(answer.message)")
            }
        }
    }

    @Test func everyInvalidExampleIsRefusedWithTheTextItExpects() async throws {
        let crd = try Self.repositoryCRD()
        let examples = try Self.examples("invalid")
        #expect(examples.count >= 10)
        try await withAPIServer { server in
            let created = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.crdPath, crd)
            #expect(created.status == 201, "\(created.message)")
            for example in examples {
                let firstLine = example.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
                let expected = try #require(firstLine.hasPrefix("# expect: ") ? String(firstLine.dropFirst("# expect: ".count)) : nil,
                                            "\(example.file) has no '# expect: ' line")
                let object = try #require(try YAMLDocuments.parse(example.text, file: example.file).first)
                let answer = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.costGuardsPath + "?fieldValidation=Strict", object)
                #expect(answer.status == 422 || answer.status == 400, "\(example.file): \(answer.status) \(answer.message)")
                #expect(answer.message.contains(expected), "\(example.file): expected '\(expected)' in: \(answer.message)")
            }
            // None of them was stored.
            let list = try await CRDValidationHTTP.send(server, "GET", CRDValidationHTTP.costGuardsPath)
            #expect(list.body["items"]?.arrayValue?.isEmpty == true, "\(list.body.jsonString)")
        }
    }

    @Test func replacesAndStatusWritesAreValidatedOverHTTPAndStatusWritesIgnoreTheSpec() async throws {
        let crd = try Self.repositoryCRD()
        try await withAPIServer { server in
            let created = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.crdPath, crd)
            #expect(created.status == 201, "\(created.message)")
            let guardObject: JSONValue = ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "metadata": ["name": "shop"],
                                          "spec": ["mode": "Enforce"]]
            let shop = try await CRDValidationHTTP.send(server, "POST", CRDValidationHTTP.costGuardsPath, guardObject)
            #expect(shop.status == 201, "\(shop.message)")
            // Defaults are filled in, down to the nested ones.
            #expect(shop.body.value(atPath: "spec.signals.interval") == "15s")
            #expect(shop.body.value(atPath: "spec.actions.rateLimit.surgeBurst") == 20)
            #expect(shop.body.value(atPath: "spec.pricing.defaultNodeHourly") == "0.192")

            var replaced = shop.body
            replaced["spec"]?["mode"] = "Sometimes"
            let put = try await CRDValidationHTTP.send(server, "PUT", CRDValidationHTTP.costGuardsPath + "/shop", replaced)
            #expect(put.status == 422)
            #expect(put.message.contains(#"spec.mode: Unsupported value: "Sometimes": supported values: "DryRun", "Enforce""#), "\(put.message)")

            // A status the CRD refuses is refused on /status, by PUT and by patch.
            var badStatus = shop.body
            badStatus["status"] = ["phase": "Surge", "verdict": ["class": "surge"]]
            let putStatus = try await CRDValidationHTTP.send(server, "PUT", CRDValidationHTTP.costGuardsPath + "/shop/status", badStatus)
            #expect(putStatus.status == 422)
            #expect(putStatus.message.contains("[status.verdict.score: Required value, status.verdict.reasons: Required value]"), "\(putStatus.message)")
            let patchStatus = try await CRDValidationHTTP.send(
                server, "PATCH", CRDValidationHTTP.costGuardsPath + "/shop/status", ["status": ["deniedCount": -1]],
                contentType: "application/merge-patch+json")
            #expect(patchStatus.status == 422)
            #expect(patchStatus.message.contains("status.deniedCount: Invalid value: -1: status.deniedCount in body should be greater than or equal to 0"),
                    "\(patchStatus.message)")

            // On /status the spec in the body is ignored, so an invalid one there does not matter.
            var goodStatus = shop.body
            goodStatus["spec"]?["mode"] = "Sometimes"
            goodStatus["status"] = ["phase": "Surge", "verdict": ["class": "surge", "score": 0.9, "reasons": ["rate"]], "nodes": 3]
            let written = try await CRDValidationHTTP.send(server, "PUT", CRDValidationHTTP.costGuardsPath + "/shop/status", goodStatus)
            #expect(written.status == 200, "\(written.message)")
            #expect(written.body.value(atPath: "spec.mode") == "Enforce")
            #expect(written.body.value(atPath: "status.nodes") == 3)
        }
    }
}
