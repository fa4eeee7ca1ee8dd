import Foundation
import KubeModel
import KubeSim
import Testing

/// The install commands of README.md and docs/deploy.md, run as written with a real kubectl
/// against KubeSim: each must exit 0 and create what it says. Needs kubectl on PATH (fails under CI
/// without it, and is skipped elsewhere, with the reason printed).
@Suite struct InstallCommandsTests {
    /// A KubeSim and a kubectl pointed at it, for one test.
    static func withKubectl(_ body: @Sendable (KustomizeApplyTests.Kubectl) async throws -> Void) async throws {
        guard let executable = TestEnvironment.findOnPath("kubectl") else {
            TestEnvironment.unavailable("the install commands test", "kubectl is not on PATH", install: KustomizeApplyTests.install)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deploytests-install-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withAPIServer { server in
            let kubectl = KustomizeApplyTests.Kubectl(
                executable: executable, kubeconfig: try server.writeKubeconfig(to: directory + "/config"),
                cacheDirectory: directory + "/cache")
            try await body(kubectl)
        }
    }

    /// `kubectl apply -f crds/`: the folder holds manifests only. kubectl applies every .yaml in a
    /// folder, so kustomize's file there is named `Kustomization` (kustomize reads that name too),
    /// not kustomization.yaml, which kubectl would send as a resource and fail on.
    @Test func applyingTheCRDFolderSucceeds() async throws {
        try await Self.withKubectl { kubectl in
            let applied = try await kubectl.run("apply", "-f", Repo.path("crds/"))
            #expect(applied.status == 0, "kubectl apply -f crds/: \(applied.output)")
            #expect(applied.stdout.contains("customresourcedefinition.apiextensions.k8s.io/costguards.costguard.dev created"),
                    "\(applied.output)")
            let crd = try await kubectl.object("crd", "costguards.costguard.dev")
            #expect(crd?.value(atPath: "spec.names.kind") == "CostGuard")
            // Every example in crds/examples/ (not applied by `-f crds/`, which does not recurse) is accepted.
            let examples = try await kubectl.run("apply", "-f", Repo.path("crds/examples/"))
            #expect(examples.status == 0, "kubectl apply -f crds/examples/: \(examples.output)")
        }
    }

    /// `kubectl apply -k deploy/`: deploy/ is itself a kustomization (the base), so the default
    /// install is the folder's name; before, only deploy/base was one and this failed.
    @Test func applyingTheDeployFolderInstallsTheBase() async throws {
        try await Self.withKubectl { kubectl in
            let applied = try await kubectl.run("apply", "-k", Repo.path("deploy/"))
            #expect(applied.status == 0, "kubectl apply -k deploy/: \(applied.output)")
            for created in ["namespace/costguard-system", "customresourcedefinition.apiextensions.k8s.io/costguards.costguard.dev",
                            "serviceaccount/costguard", "clusterrole.rbac.authorization.k8s.io/costguard-operator",
                            "deployment.apps/costguard"] {
                #expect(applied.stdout.contains("\(created) created"), "\(created): \(applied.output)")
            }
            let deployment = try await kubectl.object("deployment", "costguard", "-n", "costguard-system")
            #expect(deployment?.value(atPath: "spec.replicas") == 2)
            // The same objects as deploy/base: applying the base afterwards creates nothing.
            let base = try await kubectl.run("apply", "-k", Repo.path("deploy/base"))
            #expect(base.status == 0, "kubectl apply -k deploy/base: \(base.output)")
            #expect(!base.stdout.contains(" created"), "\(base.output)")
        }
    }
}
