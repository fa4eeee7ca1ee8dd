import Foundation
import KubeModel
import Testing

/// Every manifest in deploy/ and crds/ against the Kubernetes schemas, the CostGuard CRD, or (for
/// third-party kinds) their metadata only; the validator is shown to reject broken objects too.
/// Needs python3 with kubernetes-validate, jsonschema and PyYAML: without them the tests are
/// skipped with the reason printed, and fail under CI.
@Suite struct ManifestValidationTests {
    /// The YAML manifests of deploy/ and crds/, kustomization.yaml files left out (`kubectl kustomize`
    /// reads those: KustomizeApplyTests) and crds/examples/invalid/ too: those are meant to fail the
    /// CRD's schema (CostGuardAPITests checks that they do, each on its field), and deploy/ingest/shippers/:
    /// shippers' own configurations, not Kubernetes objects (IngestManifestTests reads them).
    static func manifests() -> [String] {
        (Repo.files(under: "deploy", ending: ".yaml", skipping: ["shippers"]) + Repo.files(under: "crds", ending: ".yaml", skipping: ["invalid"]))
            .filter { !$0.hasSuffix("/kustomization.yaml") && !$0.hasSuffix("/Kustomization") }
    }

    @Test func everyManifestValidates() async throws {
        let files = Self.manifests()
        for expected in ["deploy/base/deployment.yaml", "deploy/base/clusterrole.yaml", "deploy/monitoring/servicemonitor.yaml",
                         "deploy/examples/01-costguard-dryrun.yaml", "deploy/examples/calico-globalnetworkpolicy.yaml",
                         "crds/costguard.dev_costguards.yaml", "crds/examples/shop-enforce.yaml"] {
            #expect(files.contains(Repo.path(expected)), "\(expected) is missing")
        }
        #expect(!files.contains { $0.contains("/invalid/") })
        guard let report = try await ManifestValidator.validate(files, test: "the manifest validation") else { return }
        print("manifest validation: \(report.description)")
        for line in report.invalid { Issue.record("invalid: \(ManifestValidator.describe(line))") }
        // Every file gave at least one object, and each object had the check its kind calls for.
        let checked = Set(report.objects.compactMap { $0["file"]?.stringValue })
        #expect(checked == Set(files), "files without an object: \(Set(files).subtracting(checked).map(Repo.relative))")
        for line in report.objects {
            let kind = line["kind"]?.stringValue ?? ""
            let apiVersion = line["apiVersion"]?.stringValue ?? ""
            let check = line["check"]?.stringValue ?? ""
            if apiVersion.hasPrefix("costguard.dev/") {
                #expect(check == "crd-schema", "\(ManifestValidator.describe(line))")
            } else if ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment",
                       "Service", "PodDisruptionBudget", "CustomResourceDefinition"].contains(kind) {
                #expect(check == "kubernetes-schema", "\(ManifestValidator.describe(line))")
            } else {
                #expect(check == "metadata-only", "\(ManifestValidator.describe(line))")
            }
        }
    }

    /// The validator is not a rubber stamp: a mistyped field, a bad CostGuard and a third-party object
    /// with a broken name are each rejected, on the right field.
    @Test func theValidatorRejectsBrokenObjects() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deploytests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: costguard, namespace: costguard-system}
        spec:
          replica: 2
          selector: {matchLabels: {app: x}}
          template:
            metadata: {labels: {app: x}}
            spec:
              containers: [{name: operator, image: costguard}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: costguard-metrics}
        spec:
          ports: [{name: metrics, port: "eighty"}]
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: CostGuard
        metadata: {name: shop}
        spec:
          mode: Enforcing
        ---
        apiVersion: traefik.io/v1alpha1
        kind: Middleware
        metadata: {name: Shop_Rate_Limit, namespace: shop, labels: {team: "not ok!"}}
        spec:
          rateLimit: {average: 100}
        """
        let path = directory.appendingPathComponent("broken.yaml").path
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        guard let report = try await ManifestValidator.validate([path], test: "the validator's negative control") else { return }
        #expect(report.objects.count == 4)
        #expect(report.invalid.count == 4, "accepted: \(report.objects.filter { $0["valid"] == true }.map(ManifestValidator.describe))")
        let errors = report.objects.map { $0["errors"]?.jsonString ?? "" }
        #expect(errors.count == 4)
        guard errors.count == 4 else { return }
        #expect(errors[0].contains("replica"), "\(errors[0])")
        #expect(errors[1].contains("eighty") || errors[1].contains("port"), "\(errors[1])")
        #expect(errors[2].contains("spec.mode"), "\(errors[2])")
        #expect(errors[3].contains("metadata.name") && errors[3].contains("metadata.labels"), "\(errors[3])")
        #expect(report.objects[3]["check"] == "metadata-only")
    }
}
