import Foundation
import KubeClient
import KubeModel
import PropertyBased
import Testing

/// Watch streams and list answers from the API server, through the codecs the operator uses:
/// Nodes with their focused reader, HPAs and Namespaces with Codable, CostGuards as untyped JSON.
@Suite struct WatchFuzzTests {
    static let node = #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"ip-10-0-1-5","resourceVersion":"812","uid":"u1","labels":{"node.kubernetes.io/instance-type":"m5.large","karpenter.sh/capacity-type":"spot"},"annotations":{"a":"b"},"creationTimestamp":"2026-03-02T08:00:00Z"},"spec":{"podCIDR":"10.42.1.0/24","podCIDRs":["10.42.1.0/24","fd00::/64"],"providerID":"aws:///eu-west-1a/i-0abc","unschedulable":false},"status":{"capacity":{"cpu":"2","memory":"8Gi"},"allocatable":{"cpu":"1930m"},"addresses":[{"type":"InternalIP","address":"10.0.1.5"}],"conditions":[{"type":"Ready","status":"True"}],"images":[{"names":["a"],"sizeBytes":1}]}}"#
    static let hpa = #"{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"shop","resourceVersion":"9","labels":{"costguard.dev/guard":"shop"},"annotations":{"costguard.dev/original-max-replicas":"20"}},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":20,"metrics":[{"type":"Pods","pods":{"metric":{"name":"requests_per_second"},"target":{"type":"AverageValue","averageValue":"40"}}}],"behavior":{"scaleUp":{"selectPolicy":"Disabled","stabilizationWindowSeconds":0,"policies":[{"type":"Pods","value":4,"periodSeconds":15}]}}},"status":{"currentReplicas":4,"desiredReplicas":6,"currentMetrics":[{"type":"Pods","pods":{"metric":{"name":"requests_per_second"},"current":{"averageValue":"41500m"}}}],"conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-03-02T08:00:00Z"}]}}"#
    static let guardObject = #"{"apiVersion":"costguard.dev/v1alpha1","kind":"CostGuard","metadata":{"name":"shop","namespace":"shop","resourceVersion":"11","generation":3,"finalizers":["costguard.dev/restore"]},"spec":{"mode":"Enforce","caps":{"maxNodes":60}},"status":{"phase":"Watching","conditions":[]}}"#
    static let namespace = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","labels":{"team":"a"}}}"#
    static let status = #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (812)","reason":"Expired","code":410}"#

    static func events(_ object: String) -> [String] {
        [#"{"type":"ADDED","object":\#(object)}"#, #"{"object":\#(object),"type":"MODIFIED"}"#, #"{"type":"DELETED","object":\#(object)}"#,
         #"{"type":"BOOKMARK","object":{"kind":"Node","metadata":{"resourceVersion":"900","annotations":{"k8s.io/initial-events-end":"true"}}}}"#,
         #"{"type":"ERROR","object":\#(status)}"#]
    }

    static func list(_ object: String, kind: String) -> String {
        #"{"apiVersion":"v1","kind":"\#(kind)","metadata":{"resourceVersion":"812","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":3},"items":[\#(object),\#(object)]}"#
    }

    static func check<Object>(_ codec: ObjectCodec<Object>, event: Bool) -> @Sendable ([UInt8]) -> Outcome {
        { bytes in
            do {
                if event { _ = try codec.decodeEvent(bytes[...]) } else { _ = try codec.decodeList(bytes) }
                return .accepted
            } catch {
                return .refused("\(error)", namesPlace: ErrorPlace.named(error))
            }
        }
    }

    static let metadata = Shape.object([("name", .string(["a", ""])), ("namespace", .string(["shop"])), ("resourceVersion", .string(["1", "x"])),
                                        ("labels", .map(.string(["v"]), keys: ["app", "k8s.io/x"])), ("generation", .int(-1...5))])
    static let nodeShape = Shape.object([("metadata", metadata), ("spec", .object([("podCIDR", .string(["10.0.0.0/24", "bad"])),
        ("podCIDRs", .array(.string(["10.0.0.0/24", "fd00::/64"]), max: 3)), ("unschedulable", .bool)])),
        ("status", .object([("capacity", .map(.string(["2", "8Gi", "1e400"]), keys: ["cpu", "memory", "pods"])),
                            ("addresses", .array(.object([("type", .string(["InternalIP"])), ("address", .string(["10.0.0.1"]))]), max: 3))]))])
    static let hpaShape = Shape.object([("metadata", metadata), ("spec", .object([
        ("scaleTargetRef", .object([("kind", .string(["Deployment"])), ("name", .string(["web"])), ("apiVersion", .string(["apps/v1"]))])),
        ("minReplicas", .int(-1...10)), ("maxReplicas", .int(0...1_000_000)),
        ("behavior", .object([("scaleUp", .object([("selectPolicy", .string(["Disabled", "Max", "Bogus"])), ("stabilizationWindowSeconds", .int(-1...4000))]))])),
    ])), ("status", .object([("currentReplicas", .int(-1...100)), ("desiredReplicas", .int(0...100)),
        ("currentMetrics", .array(.object([("type", .string(["Pods", "Resource", "External"])), ("pods", .object([
            ("metric", .object([("name", .string(["requests_per_second"]))])), ("current", .object([("averageValue", .string(["41500m", "1000E", "x"]))]))]))]), max: 2))]))])

    static func eventShape(_ object: Shape) -> Shape {
        .object([("type", .string(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "added"])), ("object", object)])
    }

    static func listShape(_ object: Shape) -> Shape {
        .object([("kind", .string(["List"])), ("metadata", .object([("resourceVersion", .string(["1"])), ("continue", .string(["c"])),
                                                                   ("remainingItemCount", .int(-1...100))])), ("items", .array(object, max: 4))])
    }

    @Test func nodeWatchEvents() async {
        await fuzz("watch event Node", input: mutatedOrGenerated(Self.events(Self.node)) { rng in Self.eventShape(Self.nodeShape).value(&rng).jsonString },
             read: Self.check(.readable(Node.self), event: true))
    }

    @Test func hpaWatchEvents() async {
        await fuzz("watch event HPA", input: mutatedOrGenerated(Self.events(Self.hpa)) { rng in Self.eventShape(Self.hpaShape).value(&rng).jsonString },
             read: Self.check(.codable(HorizontalPodAutoscaler.self), event: true))
    }

    @Test func costGuardWatchEvents() async {
        await fuzz("watch event CostGuard", input: mutatedOrGenerated(Self.events(Self.guardObject)) { rng in
            Self.eventShape(.object([("metadata", Self.metadata), ("spec", CostGuardSpecFuzzTests.specShape)])).value(&rng).jsonString
        }, read: Self.check(ObjectCodec<CustomObject>.json, event: true))
    }

    @Test func lists() async {
        let seeds = [Self.list(Self.node, kind: "NodeList"), Self.list(Self.hpa, kind: "HorizontalPodAutoscalerList"),
                     Self.list(Self.namespace, kind: "NamespaceList"), #"{"items":null,"metadata":{}}"#]
        let nodes = Self.check(.readable(Node.self), event: false)
        let hpas = Self.check(.codable(HorizontalPodAutoscaler.self), event: false)
        let namespaces = Self.check(.codable(Namespace.self), event: false)
        await fuzz("list answer", input: mutatedOrGenerated(seeds) { rng in
            Self.listShape(Gen.bool.run(using: &rng) ? Self.nodeShape : Self.hpaShape).value(&rng).jsonString
        }, read: { bytes in
            // Each answer goes through every list codec: the readers must agree on what is refused only in kind.
            let outcomes = [nodes(bytes), hpas(bytes), namespaces(bytes)]
            for case .refused(let message, false) in outcomes { return .refused(message, namesPlace: false) }
            return outcomes.first { if case .accepted = $0 { true } else { false } } ?? outcomes[0]
        })
    }

    /// A stream cut into chunks at random points, with long lines: the splitter yields each
    /// complete line once, in order, and a line over its bound is refused.
    @Test func watchStreamFraming() async {
        let lines = Self.events(Self.node) + Self.events(Self.hpa)
        await fuzz("watch stream framing", input: { rng, _ in
            var stream: [UInt8] = []
            for _ in 0..<Gen.int(in: 1...12).run(using: &rng) {
                stream += Array((Gen.element(of: lines).run(using: &rng) ?? "").utf8) + Array("\n".utf8)
            }
            return stream
        }, read: { bytes in
            var splitter = LineSplitter(maxLineBytes: 1 << 20)
            var seen: [[UInt8]] = []
            var rng = FuzzSeed.rng(reader: "chunks", case: bytes.count)
            var offset = 0
            do {
                while offset < bytes.count {
                    let size = Int.random(in: 1...max(1, min(4096, bytes.count - offset)), using: &rng)
                    seen += try splitter.feed(bytes[offset..<offset + size]).map(Array.init)
                    offset += size
                }
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
            if let rest = splitter.finish() { seen.append(Array(rest)) }
            let expected = bytes.split(separator: UInt8(ascii: "\n")).map(Array.init)
            return seen == expected ? .accepted : .refused("lines differ from the stream's", namesPlace: false)
        })
    }
}
