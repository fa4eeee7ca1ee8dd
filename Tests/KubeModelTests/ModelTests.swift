import Foundation
import KubeModel
import Testing

@Suite struct ModelTests {
    static let nodeJSON = #"""
    {"kind":"Node","apiVersion":"v1","metadata":{"name":"n1","uid":"u1","resourceVersion":"42",
    "labels":{"node.kubernetes.io/instance-type":"m5.large","karpenter.sh/capacity-type":"spot"},
    "managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{}}}]},
    "spec":{"podCIDR":"10.0.1.0/24","podCIDRs":["10.0.1.0/24"],"unschedulable":true,"taints":[{"key":"k","effect":"NoSchedule"}]},
    "status":{"capacity":{"cpu":"2","memory":"8Gi"},"allocatable":{"cpu":"1930m"},
    "addresses":[{"type":"InternalIP","address":"10.0.0.5"}],
    "conditions":[{"type":"Ready","status":"True"}],"images":[{"names":["a:1"],"sizeBytes":1}]}}
    """#

    @Test func focusedNodeReaderKeepsOnlyModelledFields() throws {
        let node = try Node(json: Array(Self.nodeJSON.utf8))
        #expect(node.metadata.name == "n1")
        #expect(node.metadata.resourceVersion == "42")
        #expect(node.instanceType == "m5.large")
        #expect(node.capacityType == "spot")
        #expect(node.spec?.unschedulable == true)
        #expect(node.spec?.podCIDRs == ["10.0.1.0/24"])
        #expect(node.status?.capacity?["memory"] == "8Gi")
        #expect(node.status?.addresses == [NodeAddress(type: "InternalIP", address: "10.0.0.5")])
        // One reader for Nodes: what the model encodes (KubeSim's fixtures, the tests) reads back the same.
        let again = try Node(json: Array(try JSONEncoder().encode(node)))
        #expect(again == node)
    }

    @Test func watchEventsDecodeEveryType() throws {
        let added = try WatchEvent<Node>(line: Array("{\"type\":\"ADDED\",\"object\":\(Self.nodeJSON)}".utf8))
        #expect(added.object?.metadata.name == "n1")
        let bookmark = try WatchEvent<Node>(line: Array(#"{"type":"BOOKMARK","object":{"kind":"Node","metadata":{"resourceVersion":"99"}}}"#.utf8))
        #expect(bookmark == .bookmark(resourceVersion: "99"))
        let gone = try WatchEvent<Node>(line: Array(#"{"object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"},"type":"ERROR"}"#.utf8))
        guard case .error(let status) = gone else {
            Issue.record("expected an ERROR event")
            return
        }
        #expect(status.code == 410)
        #expect(status.reason == "Expired")
        let minimal = try WatchEvent<Node>(line: Array(#"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"#.utf8))
        #expect(minimal == .bookmark(resourceVersion: "7"))
    }

    @Test func hpaRoundTripsWithBehavior() throws {
        let json = #"""
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"shop"},
        "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":40,
        "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}],
        "behavior":{"scaleUp":{"selectPolicy":"Disabled","stabilizationWindowSeconds":0,"policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}},
        "status":{"currentReplicas":3,"desiredReplicas":5,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":90,"averageValue":"900m"}}}]}}
        """#
        let hpa = try JSONDecoder().decode(HorizontalPodAutoscaler.self, from: Data(json.utf8))
        #expect(hpa.spec.behavior?.scaleUp?.selectPolicy == .disabled)
        #expect(hpa.spec.behavior?.scaleUp?.policies?.first?.value == 100)
        #expect(hpa.status?.currentMetrics?.first?.resource?.current.averageValue == "900m")
        let again = try JSONDecoder().decode(HorizontalPodAutoscaler.self, from: JSONEncoder().encode(hpa))
        #expect(again == hpa)
    }

    @Test func customObjectKeepsEveryField() throws {
        let object = try CustomObject(json: Array(#"{"apiVersion":"crd.projectcalico.org/v1","kind":"GlobalNetworkSet","metadata":{"name":"deny","labels":{"a":"b"},"resourceVersion":"5"},"spec":{"nets":["1.2.3.0/24"],"future":{"x":1}}}"#.utf8))
        #expect(object.metadata.name == "deny")
        #expect(object.labels == ["a": "b"])
        #expect(object.json.value(atPath: "spec.future.x") == .int(1))
        #expect(object.cacheKey == "deny")
    }

    @Test func listReadsPagingMetadata() throws {
        let list = try ObjectList<Node>(json: Array("{\"kind\":\"NodeList\",\"metadata\":{\"resourceVersion\":\"10\",\"continue\":\"abc\"},\"items\":[\(Self.nodeJSON)]}".utf8))
        #expect(list.metadata.continue == "abc")
        #expect(list.metadata.resourceVersion == "10")
        #expect(list.items.count == 1)
    }
}
