import CostGuardAPI
import Foundation
import KubeModel
import PropertyBased
import Testing

/// CostGuard specs as the API server hands them over (JSON) and as people write them (YAML
/// manifests). Alias bombs are left out here: their bound is tested where it is set.
@Suite struct CostGuardSpecFuzzTests {
    static let selector = Shape.object([
        ("matchLabels", .map(.string(["web", "", "a/b", "x".padding(toLength: 70, withPad: "x", startingAt: 0)]), keys: ["app", "tier", "a/b", "-"])),
        ("matchExpressions", .array(.object([("key", .string(["app", "", "a b"])), ("operator", .string(["In", "NotIn", "Exists", "DoesNotExist", "Gt"])),
                                             ("values", .array(.string(["web", "db", ""]), max: 3))]), max: 3)),
    ])
    static let money = Shape.string(["12.00", "0.192", "0", "-1", "1e3", "12,00", "999999999999999999999.99", "0.0000001", "abc"])
    static let duration = Shape.string(["15s", "10m", "1h", "1h30m", "0s", "-5m", "1d", "99999999999h", "1.5s", "", "15"])

    static let specShape = Shape.object([
        ("mode", .string(["DryRun", "Enforce", "Off", "enforce"])),
        ("targets", .object([("namespaceSelector", selector), ("hpaSelector", selector), ("nodeSelector", selector)])),
        ("caps", .object([("maxNodes", .int(-1...200_000)), ("maxHourlySpend", money), ("monthlyBudget", money)])),
        ("pricing", .object([("currency", .string(["USD", "EUR", "usd", "US", "€€€"])), ("defaultNodeHourly", money),
                             ("instanceTypes", .map(money, keys: ["m5.large", "c6i.xlarge", ""])),
                             ("capacityTypeFactors", .map(money, keys: ["spot", "on-demand"])),
                             ("openCost", .object([("url", .string(["http://opencost:9003", "ftp://x", "http://", "not a url"]))]))])),
        ("signals", .object([("interval", duration),
                             ("prometheus", .object([("url", .string(["http://prometheus:9090", "https://p.example", "prometheus:9090", ""])),
                                                     ("requestRate", .string(["sum(rate(http_requests_total[1m]))", ""])),
                                                     ("sources", .string(["topk(20, x)"])), ("routes", .string(["sum by (route) (x)"]))]))])),
        ("detection", .object([("sensitivity", .string(["Low", "Medium", "High", "Extreme"])), ("warmup", duration), ("holdDown", duration)])),
        ("actions", .object([
            ("pauseScaleUp", .object([("enabled", .bool)])),
            ("denyList", .object([("enabled", .bool), ("provider", .string(["CalicoGlobalNetworkSet", "CiliumCIDRGroup", "Iptables"])),
                                  ("name", .string(["costguard-deny", "Bad_Name", "", "-x"])), ("ttl", duration), ("maxEntries", .int(0...70_000)),
                                  ("neverDeny", .array(.string(["10.0.0.0/8", "2001:db8::/32", "10.0.0.0/33", "fe80::1%eth0/64", "1.2.3"]), max: 4))])),
            ("rateLimit", .object([("enabled", .bool), ("middleware", .object([("namespace", .string(["traefik"])), ("name", .string(["rl"]))])),
                                   ("surgeAverage", .int(0...20_000_000)), ("surgeBurst", .int(0...20_000_000))])),
            ("nodePools", .object([("karpenterNodePoolSelector", selector), ("clusterAPIMachineDeploymentSelector", selector)])),
        ])),
    ])

    static let specJSON = #"{"mode":"Enforce","targets":{"hpaSelector":{"matchLabels":{"app":"web"}},"namespaceSelector":{},"nodeSelector":{"matchExpressions":[{"key":"pool","operator":"In","values":["a","b"]}]}},"caps":{"maxNodes":60,"maxHourlySpend":"12.00","monthlyBudget":"5000"},"pricing":{"currency":"USD","defaultNodeHourly":"0.192","instanceTypes":{"m5.large":"0.096"},"capacityTypeFactors":{"spot":"0.35"}},"signals":{"interval":"15s","prometheus":{"url":"http://prometheus:9090","requestRate":"sum(rate(x[1m]))"}},"detection":{"sensitivity":"High","warmup":"10m","holdDown":"10m"},"actions":{"pauseScaleUp":{"enabled":true},"denyList":{"enabled":true,"provider":"CalicoGlobalNetworkSet","name":"costguard-deny","ttl":"1h","maxEntries":256,"neverDeny":["10.0.0.0/8","2001:db8::/32"]},"rateLimit":{"enabled":true,"middleware":{"namespace":"traefik","name":"rl"},"surgeAverage":10,"surgeBurst":20}}}"#

    static let manifestYAML = """
        apiVersion: costguard.dev/v1alpha1
        kind: CostGuard
        metadata:
          name: shop
          namespace: shop
        spec:
          mode: Enforce
          targets:
            hpaSelector:
              matchLabels:
                app: web
          caps:
            maxNodes: 60
            maxHourlySpend: "12.00"
          pricing:
            currency: USD
            defaultNodeHourly: "0.192"
          detection:
            sensitivity: Medium
            warmup: 10m
            holdDown: 10m
          actions:
            denyList:
              enabled: true
              ttl: 1h
              neverDeny:
                - 10.0.0.0/8
                - "2001:db8::/32"
            rateLimit:
              enabled: false
        """

    /// Every refusal names a field from the root given, with a problem.
    static func named(_ errors: SpecErrors, root: String) -> Bool {
        !errors.errors.isEmpty && errors.errors.allSatisfy { $0.field.hasPrefix(root) && !$0.problem.isEmpty }
    }

    @Test func specsAsJSON() async {
        await fuzz("CostGuard spec JSON", input: mutatedOrGenerated([Self.specJSON, "{}"]) { rng in Self.specShape.value(&rng).jsonString },
             read: { bytes in
            let value: JSONValue
            do {
                value = try JSONValue(parsing: bytes)
            } catch let error as JSONError {
                return .refused(error.description, namesPlace: error.offset != nil)
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
            do {
                _ = try CostGuardSpec(json: value)
                return .accepted
            } catch let error as SpecErrors {
                return .refused(error.description, namesPlace: Self.named(error, root: "spec"))
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }

    /// 3,000 cases, not 10,000: libyaml and the decoder take ~2 ms a case in a debug build, which
    /// made this one reader a third of the fuzz suite's time. Other FUZZ_SEED values run other cases.
    @Test func manifestsAsYAML() async {
        await fuzz("CostGuard manifest YAML", cases: 3_000, input: mutatedOrGenerated([Self.manifestYAML, Self.specJSON]) { rng in
            let spec = Self.specShape.value(&rng)
            let manifest: JSONValue = ["apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "metadata": ["name": "g"], "spec": spec]
            return Gen.bool.run(using: &rng) ? manifest.yaml() : spec.yaml()
        }, read: { bytes in
            do {
                _ = try CostGuardSpec.parse(manifest: String(decoding: bytes, as: UTF8.self))
                return .accepted
            } catch let errors as SpecErrors {
                // The YAML parser's faults carry their line and column; field faults their path.
                let place = errors.errors.allSatisfy { error in
                    error.field == "manifest" ? ErrorPlace.hasLineAndColumn(error.problem) || error.problem.contains("expected a CostGuard")
                        : error.field == "apiVersion/kind" || error.field.hasPrefix("spec")
                }
                return .refused(errors.description, namesPlace: !errors.errors.isEmpty && place)
            } catch {
                return .refused("\(error)", namesPlace: false)
            }
        })
    }
}
