import CostGuardAPI
import KubeModel
import Testing

@Suite struct CostGuardSpecTests {
    @Test func emptySpecGetsTheDocumentedDefaults() throws {
        let spec = try CostGuardSpec(json: .object([:]))
        #expect(spec.mode == .dryRun)
        #expect(spec.signals.interval.seconds == 15)
        #expect(spec.detection.sensitivity == .medium)
        #expect(spec.detection.warmup.seconds == 600)
        #expect(spec.detection.holdDown.seconds == 600)
        #expect(spec.actions.pauseScaleUp.enabled)
        #expect(!spec.actions.denyList.enabled)
        #expect(spec.actions.denyList.provider == .calicoGlobalNetworkSet)
        #expect(spec.actions.denyList.name == "costguard-deny")
        #expect(spec.actions.denyList.ttl.seconds == 3600)
        #expect(spec.actions.denyList.maxEntries == 256)
        #expect(spec.actions.rateLimit.surgeAverage == 10 && spec.actions.rateLimit.surgeBurst == 20)
        #expect(spec.pricing.currency == "USD")
        #expect(spec.caps.maxNodes == nil && spec.caps.maxHourlySpend == nil)
    }

    @Test func readsTheDocumentedExampleManifest() throws {
        let manifest = """
        apiVersion: costguard.dev/v1alpha1
        kind: CostGuard
        metadata: {name: shop}
        spec:
          mode: Enforce
          targets:
            namespaceSelector: {}
            hpaSelector: {matchLabels: {costguard.dev/guard: shop}}
            nodeSelector: {}
          caps: {maxNodes: 40, maxHourlySpend: "12.00", monthlyBudget: "8000"}
          pricing:
            currency: USD
            defaultNodeHourly: "0.192"
            instanceTypes: {m5.large: "0.096", m5.xlarge: "0.192"}
            capacityTypeFactors: {spot: "0.35"}
            openCost: {url: "http://opencost.opencost.svc:9003"}
          signals:
            interval: 15s
            prometheus:
              url: "http://prometheus-operated.monitoring.svc:9090"
              requestRate: 'sum(rate(traefik_service_requests_total[1m]))'
          detection: {sensitivity: High, warmup: 10m, holdDown: 1h30m}
          actions:
            pauseScaleUp: {enabled: true}
            denyList: {enabled: true, provider: CiliumCIDRGroup, name: costguard-deny, ttl: 1h, maxEntries: 64, neverDeny: ["10.0.0.0/8", "2001:db8::/32"]}
            rateLimit: {enabled: true, middleware: {namespace: shop, name: prod-rate-limit}, surgeAverage: 10, surgeBurst: 20}
            nodePools: {karpenterNodePoolSelector: {matchLabels: {team: shop}}}
        """
        let spec = try CostGuardSpec.parse(manifest: manifest)
        #expect(spec.mode == .enforce)
        #expect(spec.caps.maxNodes == 40)
        #expect(spec.caps.maxHourlySpend?.description == "12.00")
        #expect(spec.caps.monthlyBudget?.double == 8000)
        #expect(spec.pricing.instanceTypes["m5.large"]?.double == 0.096)
        #expect(spec.pricing.capacityTypeFactors["spot"]?.double == 0.35)
        #expect(spec.targets.hpaSelector.matches(["costguard.dev/guard": "shop"]))
        #expect(!spec.targets.hpaSelector.matches(["costguard.dev/guard": "other"]))
        #expect(spec.detection.holdDown.seconds == 5400)
        #expect(spec.actions.denyList.neverDeny.map(\.description) == ["10.0.0.0/8", "2001:db8::/32"])
        #expect(spec.actions.rateLimit.middlewareName == "prod-rate-limit")
        #expect(spec.actions.nodePools.karpenterNodePoolSelector?.matchLabels == ["team": "shop"])
        #expect(spec.signals.prometheus?.requestRate.hasPrefix("sum(rate(") == true)
    }

    @Test func jsonEncodingReadsBackToTheSameSpec() throws {
        var spec = try CostGuardSpec.parse(manifest: #"{"mode": "Enforce", "caps": {"maxNodes": 7, "maxHourlySpend": "3.50"}, "actions": {"denyList": {"enabled": true, "neverDeny": ["192.0.2.0/24"]}}}"#)
        spec.detection.sensitivity = .low
        let again = try CostGuardSpec(json: spec.json)
        #expect(again == spec)
    }

    @Test(arguments: [
        (#"{"caps": {"maxHourlySpend": "12,00"}}"#, #"spec.caps.maxHourlySpend: "12,00" is not a decimal amount such as "12.00""#),
        (#"{"caps": {"maxHourlySpend": 12}}"#, "spec.caps.maxHourlySpend: 12.0 is a number; write it as a quoted decimal string"),
        (#"{"caps": {"maxNodes": 0}}"#, "spec.caps.maxNodes: 0 is out of range"),
        (#"{"caps": {"maxNode": 4}}"#, "spec.caps.maxNode: is not a known field; known fields here are maxHourlySpend, maxNodes, monthlyBudget"),
        (#"{"mode": "enforce"}"#, #"spec.mode: "enforce" is not one of DryRun, Enforce"#),
        (#"{"signals": {"interval": "15"}}"#, #"spec.signals.interval: "15" is not a duration"#),
        (#"{"detection": {"holdDown": "5s"}}"#, "spec.detection.holdDown: 5s is shorter than signals.interval 15s"),
        (#"{"actions": {"denyList": {"neverDeny": ["10.0.0.0/33"]}}}"#, "spec.actions.denyList.neverDeny[0]:"),
        (#"{"actions": {"rateLimit": {"enabled": true}}}"#, "spec.actions.rateLimit.middleware: needs namespace and name"),
        (#"{"actions": {"rateLimit": {"surgeAverage": 50, "surgeBurst": 20}}}"#, "spec.actions.rateLimit.surgeBurst: 20 is below surgeAverage 50"),
        (#"{"targets": {"hpaSelector": {"matchExpressions": [{"key": "a", "operator": "In"}]}}}"#,
         "spec.targets.hpaSelector.matchExpressions[0].values: must not be empty for operator In"),
        (#"{"pricing": {"defaultNodeHourly": "0"}}"#, "spec.pricing.defaultNodeHourly: must be above zero"),
    ])
    func invalidFieldsAreNamedWithTheFix(input: String, message: String) {
        do {
            _ = try CostGuardSpec.parse(manifest: input)
            Issue.record("accepted \(input)")
        } catch {
            #expect("\(error)".contains(message), "got: \(error)")
        }
    }

    @Test func everyProblemIsReportedInOnePass() {
        do {
            _ = try CostGuardSpec.parse(manifest: #"{"mode": "Sometimes", "caps": {"maxHourlySpend": "a lot", "maxNodes": -1}}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.field).sorted() == ["spec.caps.maxHourlySpend", "spec.caps.maxNodes", "spec.mode"])
        }
    }

    @Test func aControlCharacterIsPlacedByLineAndColumn() {
        // libyaml's reader reports a byte offset; "é" is two bytes and one column.
        do {
            _ = try CostGuardSpec.parse(manifest: "spec:\n  mode: DryRun\n  é\u{07}: 1\n")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("line 3, column 4: control characters are not allowed"), "\(error)")
        }
    }

    @Test func manifestOfAnotherKindIsRejected() {
        #expect(throws: SpecErrors.self) {
            try CostGuardSpec.parse(manifest: "apiVersion: v1\nkind: ConfigMap\n")
        }
    }
}
