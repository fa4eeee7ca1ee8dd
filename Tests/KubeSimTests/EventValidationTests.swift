import KubeModel
import KubeSim
import Testing

/// Events are checked as kube-apiserver checks them (ValidateEventCreate/ValidateEventUpdate),
/// by the API version of the request: events.k8s.io/v1 strictly, core/v1 by the legacy rules.
@Suite struct EventValidationTests {
    static let eventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events"
    static let coreEvents = "/api/v1/namespaces/default/events"

    /// An Event as the operator should send it: named as kubelet names Events.
    static func valid(name: String = "shop.18a2b3c4d5e6f708", _ metadata: JSONValue? = nil) -> JSONValue {
        ["apiVersion": "events.k8s.io/v1", "kind": "Event",
         "metadata": metadata ?? ["name": .string(name), "namespace": "default"],
         "eventTime": "2026-03-02T08:00:00.123000Z", "reportingController": "costguard.dev/operator",
         "reportingInstance": "costguard-7d9f-abcde", "action": "Pause", "reason": "SurgePaused", "type": "Normal",
         "note": "paused scale-up",
         "regarding": ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "name": "shop", "uid": "g-1"]]
    }

    static func without(_ field: String) -> JSONValue {
        var event = valid()
        event[field] = nil
        return event
    }

    @Test func aGenerateNameEndingInADotIsRefusedThroughEventsV1() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let refusal = Refusal(try await http.post(Self.eventsV1, Self.valid(["generateName": "shop."])))
            #expect(refusal.status == 422)
            #expect(refusal.reason == "Invalid")
            #expect(refusal.message.hasPrefix("Event.events.k8s.io \"shop."), "\(refusal.message)")
            #expect(refusal.detail == "metadata.generateName: Invalid value: \"shop.\": \(Upstream.subdomain)")
            #expect(refusal.causes.map(\.field) == ["metadata.generateName"])

            let accepted = try await http.post(Self.eventsV1, Self.valid(["generateName": "shop-"]))
            #expect(accepted.status == 201, "\(accepted.body.jsonString)")
            let name = accepted.body.value(atPath: "metadata.name")?.stringValue ?? ""
            #expect(name.hasPrefix("shop-") && name.count == 10, "\(name)")
        }
    }

    @Test func coreV1ChecksOnlyThePathSegmentRuleForNames() async throws {
        // Legacy Event validation does not call ValidateObjectMeta: core/v1 accepts what events.k8s.io/v1 refuses.
        try await ValidationHTTP.withServer { http, _ in
            let legacy: JSONValue = [
                "metadata": ["generateName": "web."],
                "involvedObject": ["kind": "HorizontalPodAutoscaler", "namespace": "default", "name": "web"],
                "reason": "SuccessfulRescale", "message": "New size: 4", "type": "Normal",
            ]
            #expect(try await http.post(Self.coreEvents, legacy).status == 201)
            var slashed = legacy
            slashed["metadata"] = ["name": "web%1"]
            let refusal = Refusal(try await http.post(Self.coreEvents, slashed))
            #expect(refusal.status == 422)
            #expect(refusal.message == "Event \"web%1\" is invalid: metadata.name: Invalid value: \"web%1\": may not contain '%'")
        }
    }

    @Test func aValidEventLikeTheOperatorsIsAccepted() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let created = try await http.post(Self.eventsV1, Self.valid())
            #expect(created.status == 201, "\(created.body.jsonString)")
            #expect(created.body.value(atPath: "metadata.name") == "shop.18a2b3c4d5e6f708")
            #expect(try await http.send("GET", "\(Self.coreEvents)/shop.18a2b3c4d5e6f708").status == 200)
        }
    }

    @Test func eachRequiredEventsV1FieldIsRefusedWhenMissing() async throws {
        try await ValidationHTTP.withServer { http, _ in
            let controllerCauses = [
                "reportingController: Required value",
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": \(Upstream.qualifiedNamePart)",
            ]
            var longNote = Self.valid()
            longNote["note"] = .string(String(repeating: "n", count: 1025))
            var badType = Self.valid()
            badType["type"] = "Info"
            var badController = Self.valid()
            badController["reportingController"] = "costguard operator"
            let cases: [(JSONValue, String)] = [
                (Self.without("eventTime"), "eventTime: Required value"),
                (Self.without("reportingController"), "[" + controllerCauses.joined(separator: ", ") + "]"),
                (badController, "reportingController: Invalid value: \"costguard operator\": \(Upstream.qualifiedNamePart)"),
                (Self.without("reportingInstance"), "reportingInstance: Required value"),
                (Self.without("action"), "action: Required value"),
                (Self.without("reason"), "reason: Required value"),
                (Self.without("type"), "type: Invalid value: \"\": has invalid value: "),
                (badType, "type: Invalid value: \"\": has invalid value: Info"),
                (longNote, "message: Invalid value: \"\": can have at most 1024 characters"),
            ]
            for (event, detail) in cases {
                let refusal = Refusal(try await http.post(Self.eventsV1, event))
                #expect(refusal.status == 422, "\(event.jsonString)")
                #expect(refusal.detail == detail)
            }
            // A note of exactly 1024 bytes is fine.
            var fullNote = Self.valid(name: "shop.0000000000000001")
            fullNote["note"] = .string(String(repeating: "n", count: 1024))
            #expect(try await http.post(Self.eventsV1, fullNote).status == 201)
        }
    }

    @Test func theRegardingObjectMustBeInTheEventsNamespace() async throws {
        try await ValidationHTTP.withServer { http, _ in
            #expect(try await http.post("/api/v1/namespaces", ["metadata": ["name": "shop"]]).status == 201)
            let path = "/apis/events.k8s.io/v1/namespaces/shop/events"
            // Without `regarding`, or with a cluster-scoped one, only default and kube-system can hold the Event.
            var unregarded = Self.valid(["name": "shop.1", "namespace": "shop"])
            unregarded["regarding"] = nil
            let refusal = Refusal(try await http.post(path, unregarded))
            #expect(refusal.status == 422)
            #expect(refusal.detail == "involvedObject.namespace: Invalid value: \"\": does not match event.namespace")
            #expect(Refusal(try await http.post(path, Self.valid(["name": "shop.2", "namespace": "shop"]))).status == 422)
            var regarded = Self.valid(["name": "shop.3", "namespace": "shop"])
            regarded["regarding"] = ["apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"]
            #expect(try await http.post(path, regarded).status == 201)
            // In default, a cluster-scoped object's Event is fine.
            #expect(try await http.post(Self.eventsV1, Self.valid()).status == 201)
        }
    }

    @Test func deprecatedFieldsAndABadSeriesAreRefusedThroughEventsV1() async throws {
        try await ValidationHTTP.withServer { http, _ in
            var deprecated = Self.valid()
            deprecated["deprecatedCount"] = 2
            deprecated["deprecatedSource"] = ["component": "costguard"]
            let refusal = Refusal(try await http.post(Self.eventsV1, deprecated))
            #expect(refusal.status == 422)
            #expect(refusal.detail == "[count: Invalid value: \"\": needs to be unset, source: Invalid value: \"\": needs to be unset]")
            var series = Self.valid()
            series["series"] = ["count": 1]
            let seriesRefusal = Refusal(try await http.post(Self.eventsV1, series))
            #expect(seriesRefusal.detail == "[series.count: Invalid value: \"\": should be at least 2, series.lastObservedTime: Required value]")
        }
    }

    @Test func coreV1AppliesTheLegacyRulesOnly() async throws {
        try await ValidationHTTP.withServer { http, _ in
            // With an eventTime, core/v1 wants the reporting fields too, under its own field name.
            let refusal = Refusal(try await http.post(Self.coreEvents, [
                "metadata": ["name": "web.1"], "eventTime": "2026-03-02T08:00:00.000000Z",
                "involvedObject": ["kind": "Deployment", "namespace": "default", "name": "web"],
                "reportingInstance": "i", "action": "Scale", "reason": "Scaled",
            ]))
            #expect(refusal.status == 422)
            #expect(refusal.causes.first.map { "\($0.field): \($0.message)" } == "reportingComponent: Required value")
            // Without one, an old-style Event needs only its namespace to match its object's.
            let mismatch = Refusal(try await http.post(Self.coreEvents, [
                "metadata": ["name": "web.2"], "involvedObject": ["kind": "Deployment", "namespace": "kube-system", "name": "web"],
                "reason": "Scaled",
            ]))
            #expect(mismatch.detail == "involvedObject.namespace: Invalid value: \"kube-system\": does not match event.namespace")
            #expect(try await http.post(Self.coreEvents, [
                "metadata": ["name": "web.3"], "involvedObject": ["kind": "Deployment", "namespace": "default", "name": "web"],
                "type": "Unusual", "count": 3,
            ]).status == 201)
        }
    }

    @Test func anEventsV1UpdateMayNotChangeWhatHappened() async throws {
        try await ValidationHTTP.withServer { http, _ in
            #expect(try await http.post(Self.eventsV1, Self.valid()).status == 201)
            let path = "\(Self.eventsV1)/shop.18a2b3c4d5e6f708"
            let note = Refusal(try await http.mergePatch(path, ["note": "changed"]))
            #expect(note.status == 422)
            #expect(note.message == "Event.events.k8s.io \"shop.18a2b3c4d5e6f708\" is invalid: message: Invalid value: \"changed\": field is immutable")
            let action = Refusal(try await http.mergePatch(path, ["action": "Resume"]))
            #expect(action.detail == "action: Invalid value: \"Resume\": field is immutable")
            // A series may be added (kubelet-style repeats), and labels may change.
            let repeated = try await http.mergePatch(path, ["series": ["count": 2, "lastObservedTime": "2026-03-02T08:05:00.000000Z"],
                                                            "metadata": ["labels": ["a": "b"]]])
            #expect(repeated.status == 200, "\(repeated.body.jsonString)")
            // core/v1 has no such rule: the same change through it is accepted.
            #expect(try await http.mergePatch("\(Self.coreEvents)/shop.18a2b3c4d5e6f708", ["message": "changed"]).status == 200)
        }
    }
}
