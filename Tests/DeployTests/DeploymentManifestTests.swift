import Foundation
import KubeModel
import Testing
import TestSupport

/// The operator's Deployment and what refers to it (Service, PodDisruptionBudget, ServiceMonitor),
/// read as YAML: flags that `costguard run` has, the hardening, probes, resources and selectors
/// that match. And the examples: the Enforce guard is the DryRun one with only the mode changed, and
/// the names the guards use are the names of the objects the examples define.
@Suite struct DeploymentManifestTests {
    static func base(_ file: String) throws -> JSONValue { try YAMLDocuments.loadOne(Repo.path("deploy/base/" + file)) }

    static func container() throws -> JSONValue {
        let deployment = try base("deployment.yaml")
        let containers = deployment.value(atPath: "spec.template.spec.containers")?.arrayValue ?? []
        #expect(containers.count == 1)
        return try #require(containers.first)
    }

    /// The long option names `costguard run` declares (ArgumentParser spells `leaderElectionID`
    /// as `--leader-election-id`).
    static func runFlags() throws -> Set<String> { try flags(declaredIn: "Sources/costguard/RunCommand.swift") }

    /// The long option names the `@Option` and `@Flag` properties of a command's source declare.
    static func flags(declaredIn path: String) throws -> Set<String> {
        let source = try YAMLDocuments.read(Repo.path(path))
        var flags = Set<String>()
        var pending = false
        for line in source.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("@Option") || line.hasPrefix("@Flag") { pending = true; continue }
            guard pending, line.hasPrefix("var ") else { continue }
            pending = false
            let name = line.dropFirst(4).prefix { $0.isLetter || $0.isNumber }
            flags.insert("--" + kebab(String(name)))
        }
        return flags
    }

    static func kebab(_ name: String) -> String {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let previous = index > 0 ? characters[index - 1] : nil
            if character.isUppercase, !current.isEmpty,
               previous?.isLowercase == true || next?.isLowercase == true {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }.joined(separator: "-")
    }

    @Test func kebabCaseIsArgumentParsers() {
        #expect(Self.kebab("leaderElectionID") == "leader-election-id")
        #expect(Self.kebab("metricsBindAddress") == "metrics-bind-address")
        #expect(Self.kebab("kubeconfig") == "kubeconfig")
    }

    @Test func theOperatorRunsWithFlagsCostguardRunHas() throws {
        let flags = try Self.runFlags()
        #expect(flags.isSuperset(of: ["--leader-elect", "--leader-election-namespace", "--identity", "--metrics-bind-address",
                                      "--health-probe-bind-address", "--log-format"]), "RunCommand.swift declares \(flags.sorted())")
        let container = try Self.container()
        let arguments = (container["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(container["command"] == nil, "the image's ENTRYPOINT runs costguard; the manifest passes arguments only")
        #expect(arguments.first == "run")
        var given: [String: String] = [:]
        for argument in arguments.dropFirst() {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            #expect(flags.contains(parts[0]), "\(parts[0]) is not a flag of costguard run (\(flags.sorted()))")
            given[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        #expect(given == [
            "--leader-elect": "", "--leader-election-namespace": "costguard-system", "--identity": "$(POD_NAME)",
            "--metrics-bind-address": ":8080", "--health-probe-bind-address": ":8081", "--log-format": "json",
        ])
        // $(POD_NAME) is the downward API's pod name.
        let env = container["env"]?.arrayValue ?? []
        let podName = env.first { $0["name"] == "POD_NAME" }
        #expect(podName?.value(atPath: "valueFrom.fieldRef.fieldPath") == "metadata.name")
        let podNamespace = env.first { $0["name"] == "POD_NAMESPACE" }
        #expect(podNamespace?.value(atPath: "valueFrom.fieldRef.fieldPath") == "metadata.namespace")
    }

    @Test func thePodIsHardened() throws {
        let deployment = try Self.base("deployment.yaml")
        let pod = try #require(deployment.value(atPath: "spec.template.spec"))
        #expect(deployment.value(atPath: "spec.replicas") == 2)
        #expect(pod["automountServiceAccountToken"] == true, "the operator needs its token (in-cluster config)")
        #expect(pod.value(atPath: "securityContext.runAsNonRoot") == true)
        #expect(pod.value(atPath: "securityContext.runAsUser") == 65532)
        #expect(pod.value(atPath: "securityContext.seccompProfile.type") == "RuntimeDefault")
        let container = try Self.container()
        let security = try #require(container["securityContext"])
        #expect(security["runAsNonRoot"] == true)
        #expect(security["runAsUser"] == 65532)
        #expect(security["readOnlyRootFilesystem"] == true)
        #expect(security["allowPrivilegeEscalation"] == false)
        #expect(security["privileged"] == nil || security["privileged"] == false)
        #expect(security.value(atPath: "capabilities.drop") == ["ALL"])
        #expect(security.value(atPath: "capabilities.add") == nil)
        #expect(security.value(atPath: "seccompProfile.type") == "RuntimeDefault")
        #expect(pod["hostNetwork"] == nil && pod["hostPID"] == nil)
        // The ServiceAccount does not hand its token to other pods; the operator's pod asks for it.
        #expect(try Self.base("serviceaccount.yaml")["automountServiceAccountToken"] == false)
        // The namespace enforces the restricted Pod Security Standard, which this pod meets.
        #expect(try Self.base("namespace.yaml").value(atPath: "metadata.labels")?["pod-security.kubernetes.io/enforce"] == "restricted")
    }

    @Test func probesResourcesAndPortsMatchTheOperator() throws {
        let container = try Self.container()
        let ports = Dictionary(uniqueKeysWithValues: (container["ports"]?.arrayValue ?? []).compactMap { port -> (String, Int64)? in
            guard let name = port["name"]?.stringValue, let number = port["containerPort"]?.intValue else { return nil }
            return (name, number)
        })
        #expect(ports == ["metrics": 8080, "health": 8081])
        #expect(container.value(atPath: "livenessProbe.httpGet.path") == "/healthz")
        #expect(container.value(atPath: "livenessProbe.httpGet.port") == "health")
        #expect(container.value(atPath: "readinessProbe.httpGet.path") == "/readyz")
        #expect(container.value(atPath: "readinessProbe.httpGet.port") == "health")
        #expect(container.value(atPath: "resources.requests") == ["cpu": "50m", "memory": "96Mi"])
        #expect(container.value(atPath: "resources.limits") == ["cpu": "500m", "memory": "256Mi"])
        // A read-only root filesystem with a small writable /tmp.
        let mounts = (container["volumeMounts"]?.arrayValue ?? []).compactMap { $0["mountPath"]?.stringValue }
        #expect(mounts == ["/tmp"])
    }

    @Test func selectorsPickTheOperatorsPods() throws {
        let deployment = try Self.base("deployment.yaml")
        let podLabels = try #require(deployment.value(atPath: "spec.template.metadata.labels")?.stringMap)
        let selector = try #require(deployment.value(atPath: "spec.selector.matchLabels")?.stringMap)
        func selects(_ labels: [String: String]?) -> Bool {
            guard let labels, !labels.isEmpty else { return false }
            return labels.allSatisfy { podLabels[$0.key] == $0.value }
        }
        #expect(selects(selector))
        let spread = deployment.value(atPath: "spec.template.spec.topologySpreadConstraints")?.arrayValue ?? []
        #expect(spread.contains { $0["topologyKey"] == "kubernetes.io/hostname" }, "replicas spread across nodes")
        for constraint in spread { #expect(selects(constraint.value(atPath: "labelSelector.matchLabels")?.stringMap)) }

        let service = try Self.base("service.yaml")
        #expect(selects(service.value(atPath: "spec.selector")?.stringMap))
        let servicePorts = service.value(atPath: "spec.ports")?.arrayValue ?? []
        #expect(servicePorts.count == 1)
        #expect(servicePorts.first?["name"] == "metrics")
        #expect(servicePorts.first?["port"] == 8080)
        #expect(servicePorts.first?["targetPort"] == "metrics")

        let budget = try Self.base("poddisruptionbudget.yaml")
        #expect(budget.value(atPath: "spec.minAvailable") == 1)
        #expect(selects(budget.value(atPath: "spec.selector.matchLabels")?.stringMap))

        let monitor = try YAMLDocuments.loadOne(Repo.path("deploy/monitoring/servicemonitor.yaml"))
        let serviceLabels = service.value(atPath: "metadata.labels")?.stringMap ?? [:]
        let wanted = monitor.value(atPath: "spec.selector.matchLabels")?.stringMap ?? [:]
        #expect(!wanted.isEmpty && wanted.allSatisfy { serviceLabels[$0.key] == $0.value }, "the ServiceMonitor selects the Service")
        #expect(monitor.value(atPath: "spec.namespaceSelector.matchNames") == .array([service.value(atPath: "metadata.namespace") ?? .null]))
        #expect(monitor.value(atPath: "spec.endpoints")?.arrayValue?.first?["port"] == "metrics")

        // Everything namespaced lives in costguard-system, the namespace the base creates.
        let namespace = try Self.base("namespace.yaml").value(atPath: "metadata.name")
        for file in ["serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml"] {
            #expect(try Self.base(file).value(atPath: "metadata.namespace") == namespace, "\(file)")
        }
    }

    @Test func theEnforceExampleIsTheDryRunOneWithOnlyTheModeChanged() throws {
        let dryRun = try YAMLDocuments.loadOne(Repo.path("deploy/examples/01-costguard-dryrun.yaml"))
        var enforce = try YAMLDocuments.loadOne(Repo.path("deploy/examples/02-costguard-enforce.yaml"))
        #expect(dryRun.value(atPath: "spec.mode") == "DryRun")
        #expect(enforce.value(atPath: "spec.mode") == "Enforce")
        var spec = enforce["spec"]
        spec?["mode"] = "DryRun"
        enforce["spec"] = spec
        #expect(enforce == dryRun)
    }

    @Test func theGuardsNameTheObjectsTheExamplesDefine() throws {
        let guardObject = try YAMLDocuments.loadOne(Repo.path("deploy/examples/01-costguard-dryrun.yaml"))
        let middleware = try YAMLDocuments.loadOne(Repo.path("deploy/examples/traefik-middleware.yaml"))
        #expect(guardObject.value(atPath: "spec.actions.rateLimit.middleware") == .object([
            "namespace": middleware.value(atPath: "metadata.namespace") ?? .null, "name": middleware.value(atPath: "metadata.name") ?? .null,
        ]))
        let rateLimit = middleware.value(atPath: "spec.rateLimit")?.objectValue ?? [:]
        #expect(rateLimit["average"]?.intValue != nil && rateLimit["burst"]?.intValue != nil)
        #expect((rateLimit["burst"]?.intValue ?? 0) >= (rateLimit["average"]?.intValue ?? 1))

        let calico = try YAMLDocuments.loadOne(Repo.path("deploy/examples/calico-globalnetworkpolicy.yaml"))
        #expect(guardObject.value(atPath: "spec.actions.denyList.provider") == "CalicoGlobalNetworkSet")
        #expect(calico.value(atPath: "spec.doNotTrack") == true)
        #expect(calico.value(atPath: "spec.applyOnForward") == true)
        #expect(calico.value(atPath: "spec.types") == ["Ingress"])
        let rules = calico.value(atPath: "spec.ingress")?.arrayValue ?? []
        #expect(rules.count == 1)
        #expect(rules.first?["action"] == "Deny")
        #expect(rules.first?.value(atPath: "source.selector") == "dos-deny-list == 'true'")
        #expect(calico.value(atPath: "spec.egress") == nil)

        let cilium = try YAMLDocuments.loadOne(Repo.path("deploy/examples/cilium-clusterwide-policy.yaml"))
        #expect(cilium.value(atPath: "spec.enableDefaultDeny") == ["ingress": false, "egress": false])
        let deny = cilium.value(atPath: "spec.ingressDeny")?.arrayValue ?? []
        #expect(deny.count == 1)
        // The CIDR group the policy references is the deny list's default name, which a guard with
        // provider CiliumCIDRGroup keeps.
        #expect(deny.first?["fromCIDRSet"] == [["cidrGroupRef": .string(guardObject.value(atPath: "spec.actions.denyList.name")?.stringValue ?? "")]])
    }
}
