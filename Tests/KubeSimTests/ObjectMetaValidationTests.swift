import KubeModel
import KubeSim
import Testing

/// KubeSim refuses the object metadata kube-apiserver refuses, over HTTP, with the real
/// server's status, reason and messages (ValidateObjectMeta, ValidateObjectMetaUpdate and each
/// kind's name rule).
@Suite struct ObjectMetaValidationTests {
    static let leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases"

    static func lease(_ metadata: JSONValue) -> JSONValue {
        ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata, "spec": ["holderIdentity": "a"]]
    }

    @Test func namesFollowEachKindsRule() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let cases: [(path: String, body: JSONValue, kind: String, detail: String)] = [
                (Self.leases, Self.lease(["name": "Web_1"]), "Lease.coordination.k8s.io",
                 "metadata.name: Invalid value: \"Web_1\": \(Upstream.subdomain)"),
                (Self.leases, Self.lease(["name": .string(String(repeating: "a", count: 254))]), "Lease.coordination.k8s.io",
                 "metadata.name: Invalid value: \"\(String(repeating: "a", count: 254))\": must be no more than 253 characters"),
                (Self.leases, Self.lease(["labels": ["a": "b"]]), "Lease.coordination.k8s.io",
                 "metadata.name: Required value: name or generateName is required"),
                ("/api/v1/namespaces", ["metadata": ["name": "team.a"]], "Namespace",
                 "metadata.name: Invalid value: \"team.a\": must not contain dots"),
                ("/api/v1/namespaces", ["metadata": ["name": "Team"]], "Namespace",
                 "metadata.name: Invalid value: \"Team\": \(Upstream.label)"),
                ("/api/v1/namespaces/default/services", ["metadata": ["name": "web.svc"], "spec": ["ports": [["port": 80]]]],
                 "Service", "metadata.name: Invalid value: \"web.svc\": must not contain dots"),
                ("/apis/rbac.authorization.k8s.io/v1/clusterroles", ["metadata": ["name": "100%"]],
                 "ClusterRole.rbac.authorization.k8s.io", "metadata.name: Invalid value: \"100%\": may not contain '%'"),
                ("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", ["metadata": ["name": ".."]],
                 "Role.rbac.authorization.k8s.io", "metadata.name: Invalid value: \"..\": may not be '..'"),
                ("/apis/apps/v1/namespaces/default/deployments", ["metadata": ["name": "web-"], "spec": [:]],
                 "Deployment.apps", "metadata.name: Invalid value: \"web-\": \(Upstream.subdomain)"),
            ]
            for (path, body, kind, detail) in cases {
                let refusal = Refusal(try await http.post(path, body))
                #expect(refusal.status == 422, "\(body.jsonString): \(refusal.message)")
                #expect(refusal.reason == "Invalid")
                #expect(refusal.message.hasPrefix(kind + " \""), "\(refusal.message)")
                #expect(refusal.detail == detail)
            }
            // A bad prefix makes a bad name too: both are refused, the generated name in the message.
            let prefixed = Refusal(try await http.post(Self.leases, Self.lease(["generateName": "Web-"])))
            #expect(prefixed.status == 422)
            #expect(prefixed.message.hasPrefix("Lease.coordination.k8s.io \"Web-"))
            #expect(prefixed.detail.hasPrefix("[metadata.generateName: Invalid value: \"Web-\": \(Upstream.subdomain), metadata.name: Invalid value: \"Web-"))
            #expect(prefixed.causes.map(\.field) == ["metadata.generateName", "metadata.name"])
            // What those rules allow: a dotted Lease, an RBAC name with a colon, a trailing `-` before a generated suffix.
            #expect(try await http.post(Self.leases, Self.lease(["name": "web.shop-1"])).status == 201)
            #expect(try await http.post("/apis/rbac.authorization.k8s.io/v1/clusterroles",
                                        ["metadata": ["name": "system:costguard"]]).status == 201)
            let generated = try await http.post(Self.leases, Self.lease(["generateName": "web-"]))
            #expect(generated.status == 201)
            let name = generated.body.value(atPath: "metadata.name")?.stringValue ?? ""
            #expect(name.hasPrefix("web-") && name.count == 9, "\(name)")
        }
    }

    @Test func customResourceNamesAreDNSSubdomains() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let crd: JSONValue = [
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": ["name": "widgets.example.com"],
                "spec": ["group": "example.com", "scope": "Namespaced",
                         "names": ["plural": "widgets", "singular": "widget", "kind": "Widget"],
                         "versions": [["name": "v1", "served": true, "storage": true,
                                       "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]]],
            ]
            #expect(try await http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).status == 201)
            let path = "/apis/example.com/v1/namespaces/default/widgets"
            let refusal = Refusal(try await http.post(path, ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "Big"]]))
            #expect(refusal.status == 422)
            #expect(refusal.message == "Widget.example.com \"Big\" is invalid: metadata.name: Invalid value: \"Big\": \(Upstream.subdomain)")
            #expect(try await http.post(path, ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "big"]]).status == 201)
        }
    }

    @Test func labelKeysAndValuesAreChecked() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let long = String(repeating: "v", count: 64)
            let cases: [(JSONValue, [String])] = [
                (["-team": "a"], ["metadata.labels: Invalid value: \"-team\": \(Upstream.qualifiedNamePart)"]),
                (["example.com/": "a"], ["metadata.labels: Invalid value: \"example.com/\": name part must be non-empty",
                                         "metadata.labels: Invalid value: \"example.com/\": \(Upstream.qualifiedNamePart)"]),
                (["Example.com/team": "a"],
                 ["metadata.labels: Invalid value: \"Example.com/team\": prefix part \(Upstream.subdomain)"]),
                (["a/b/c": "a"], ["metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
                (["team": "-a"], ["metadata.labels: Invalid value: \"-a\": \(Upstream.labelValue)"]),
                (["team": .string(long)], ["metadata.labels: Invalid value: \"\(long)\": must be no more than 63 characters"]),
            ]
            for (labels, messages) in cases {
                let refusal = Refusal(try await http.post(Self.leases, Self.lease(["name": "l", "labels": labels])))
                #expect(refusal.status == 422, "\(labels.jsonString)")
                #expect(refusal.detail == (messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"))
                #expect(refusal.causes.count == messages.count)
                #expect(refusal.causes.allSatisfy { $0.field == "metadata.labels" && $0.type == "FieldValueInvalid" })
            }
            let valid: JSONValue = ["costguard.dev/guard": "shop", "app.kubernetes.io/name": "My_App.1", "empty": ""]
            #expect(try await http.post(Self.leases, Self.lease(["name": "l", "labels": valid])).status == 201)
        }
    }

    @Test func annotationKeysAndTotalSizeAreChecked() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let badKey = Refusal(try await http.post(Self.leases, Self.lease(["name": "l", "annotations": ["a b": "x"]])))
            #expect(badKey.status == 422)
            #expect(badKey.detail == "metadata.annotations: Invalid value: \"a b\": \(Upstream.qualifiedNamePart)")
            // Keys are case-insensitive: upper case is fine in an annotation key.
            #expect(try await http.post(Self.leases, Self.lease(["name": "upper", "annotations": ["Example.com/Note": "x"]])).status == 201)

            // 262144 bytes of keys and values is the limit; one more is refused.
            let atLimit = String(repeating: "x", count: 262_144 - "note".utf8.count)
            #expect(try await http.post(Self.leases, Self.lease(["name": "full", "annotations": ["note": .string(atLimit)]])).status == 201)
            let over = Refusal(try await http.post(Self.leases, Self.lease(["name": "over", "annotations": ["note": .string(atLimit + "x")]])))
            #expect(over.status == 422)
            #expect(over.message == "Lease.coordination.k8s.io \"over\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes")
            #expect(over.causes.first?.type == "FieldValueTooLong")
            // The same limit on a patch.
            let patched = Refusal(try await http.mergePatch("\(Self.leases)/upper", ["metadata": ["annotations": ["big": .string(atLimit)]]]))
            #expect(patched.status == 422)
            #expect(patched.detail == "metadata.annotations: Too long: may not be more than 262144 bytes")
        }
    }

    @Test func severalCausesAreJoinedAsTheRealServerJoinsThem() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let refusal = Refusal(try await http.post(Self.leases, Self.lease(["name": "Web", "labels": ["team": "-a"]])))
            #expect(refusal.status == 422)
            #expect(refusal.message == "Lease.coordination.k8s.io \"Web\" is invalid: [metadata.name: Invalid value: \"Web\": \(Upstream.subdomain), metadata.labels: Invalid value: \"-a\": \(Upstream.labelValue)]")
            #expect(refusal.causes.map(\.field) == ["metadata.name", "metadata.labels"])
            #expect(refusal.causes.first?.message == "Invalid value: \"Web\": \(Upstream.subdomain)")
        }
    }

    @Test func immutableMetadataIsRefusedOrKeptAsUpstreamDoes() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let created = try await http.post(Self.leases, Self.lease(["name": "l"]))
            #expect(created.status == 201)
            let path = "\(Self.leases)/l"

            let uid = Refusal(try await http.mergePatch(path, ["metadata": ["uid": "another"]]))
            #expect(uid.status == 422)
            #expect(uid.message == "Lease.coordination.k8s.io \"l\" is invalid: metadata.uid: Invalid value: \"another\": field is immutable")

            var renamed = created.body
            renamed["metadata"]?["name"] = "m"
            let put = Refusal(try await http.send("PUT", path, renamed))
            #expect(put.status == 400)
            #expect(put.message == "the name of the object (m) does not match the name on the URL (l)")
            let patchedName = Refusal(try await http.mergePatch(path, ["metadata": ["name": "m"]]))
            #expect(patchedName.status == 400)
            #expect(patchedName.message == "the name of the object (m) does not match the name on the URL (l)")

            var moved = created.body
            moved["metadata"]?["namespace"] = "kube-system"
            let namespace = Refusal(try await http.send("PUT", path, moved))
            #expect(namespace.status == 400)
            #expect(namespace.message == "the namespace of the object (kube-system) does not match the namespace on the URL (default)")

            let deletion = Refusal(try await http.mergePatch(path, ["metadata": ["deletionTimestamp": "2026-03-02T08:00:00Z"]]))
            #expect(deletion.status == 422)
            #expect(deletion.detail == "metadata.deletionTimestamp: Invalid value: 2026-03-02 08:00:00 +0000 UTC: field is immutable")

            // creationTimestamp and generation are quietly kept, as upstream's BeforeUpdate keeps them.
            let stamped = try await http.mergePatch(path, ["metadata": ["creationTimestamp": "2001-01-01T00:00:00Z", "labels": ["a": "b"]]])
            #expect(stamped.status == 200)
            #expect(stamped.body.value(atPath: "metadata.creationTimestamp") == created.body.value(atPath: "metadata.creationTimestamp"))
            #expect(stamped.body.value(atPath: "metadata.labels.a") == "b")

            let badLabel = Refusal(try await http.mergePatch(path, ["metadata": ["labels": ["a": "b c"]]]))
            #expect(badLabel.status == 422)
            #expect(badLabel.detail == "metadata.labels: Invalid value: \"b c\": \(Upstream.labelValue)")
        }
    }

    @Test func noFinalizerCanBeAddedOnceDeletionStarted() async throws {
        try await ValidationHTTP.withServer { http, _ in
            #expect(try await http.post(Self.leases, Self.lease(["name": "l", "finalizers": ["costguard.dev/hold"]])).status == 201)
            #expect(try await http.send("DELETE", "\(Self.leases)/l").status == 200)
            let refusal = Refusal(try await http.mergePatch("\(Self.leases)/l", ["metadata": ["finalizers": ["costguard.dev/hold", "example.com/more"]]]))
            #expect(refusal.status == 422)
            #expect(refusal.detail == "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/more\"}")
            // Removing the last one still lets the object go.
            #expect(try await http.mergePatch("\(Self.leases)/l", ["metadata": ["finalizers": nil]]).status == 200)
            #expect(try await http.send("GET", "\(Self.leases)/l").status == 404)
        }
    }

    @Test func aStaleResourceVersionIsAConflict() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let created = try await http.post(Self.leases, Self.lease(["name": "l"]))
            let stale = try #require(created.body.value(atPath: "metadata.resourceVersion")?.stringValue)
            #expect(try await http.mergePatch("\(Self.leases)/l", ["spec": ["holderIdentity": "b"]]).status == 200)
            let expected = "Operation cannot be fulfilled on leases.coordination.k8s.io \"l\": the object has been modified; please apply your changes to the latest version and try again"

            var body = created.body
            body["spec"] = ["holderIdentity": "c"]
            let put = try await http.send("PUT", "\(Self.leases)/l", body)
            #expect(put.status == 409)
            #expect(put.body["reason"] == "Conflict")
            #expect(put.body["message"]?.stringValue == expected)

            let patch = try await http.mergePatch("\(Self.leases)/l", ["metadata": ["resourceVersion": .string(stale)], "spec": ["holderIdentity": "c"]])
            #expect(patch.status == 409)
            #expect(patch.body["message"]?.stringValue == expected)
            #expect(patch.body.value(atPath: "details.group") == "coordination.k8s.io")
            #expect(patch.body.value(atPath: "details.kind") == "leases")

            // The core group has no suffix.
            #expect(try await http.post("/api/v1/namespaces", ["metadata": ["name": "team"]]).status == 201)
            let namespaced = try await http.mergePatch("/api/v1/namespaces/team", ["metadata": ["resourceVersion": "1", "labels": ["a": "b"]]])
            #expect(namespaced.status == 409)
            #expect(namespaced.body["message"]?.stringValue == "Operation cannot be fulfilled on namespaces \"team\": the object has been modified; please apply your changes to the latest version and try again")
        }
    }
}
