import Foundation
import KubeModel
import KubeSim
import Testing

/// A real kubectl's `get` against KubeSim's server-side printing: the CRD's printer columns,
/// `-o wide`, watches, and the built-in printers. Runs when kubectl is on PATH; without it
/// the tests fail under CI and are skipped, with the reason printed, elsewhere. One at a
/// time: each starts a dozen kubectl processes, on a two-core machine.
@Suite(.serialized) struct KubectlTableTests {
    static let costGuardColumns = ["NAME", "MODE", "PHASE", "VERDICT", "NODES", "MAX NODES", "CEILING", "SPEND/H", "AGE"]

    /// A few seconds old, as kubectl prints it.
    static func isAge(_ text: String?) -> Bool {
        guard let text, text.hasSuffix("s"), text.count > 1 else { return false }
        return Int(text.dropLast()) != nil
    }

    static let guards = """
    apiVersion: costguard.dev/v1alpha1
    kind: CostGuard
    metadata: {name: shop}
    spec:
      mode: DryRun
      caps: {maxNodes: 40, maxHourlySpend: "12.00"}
    ---
    apiVersion: costguard.dev/v1alpha1
    kind: CostGuard
    metadata: {name: idle}
    spec:
      mode: Enforce
      caps: {maxNodes: 8}
    """

    /// KubeSim with the CostGuard CRD, the guards `shop` (its status patched in by kubectl)
    /// and `idle` (no status at all).
    static func withGuards(_ test: String, _ body: @Sendable (APIServer, Kubectl) async throws -> Void) async throws {
        guard let executable = Kubectl.required(by: test) else { return }
        try await withAPIServer { server in
            let kubectl = try Kubectl.configured(executable: executable, for: server)
            let crd = try await kubectl.run("apply", "-f", KubectlTests.packageRoot + "/crds/costguard.dev_costguards.yaml")
            #expect(crd.status == 0, "kubectl apply CRD: \(crd.output)")
            let applied = try await kubectl.apply(guards)
            #expect(applied.status == 0, "kubectl apply guards: \(applied.output)")
            let patched = try await kubectl.run(
                "patch", "costguard", "shop", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"phase":"Surge","verdict":{"class":"surge","score":0.9,"reasons":["rate"]},"nodes":12,"ceiling":"12/40 surge","hourlySpend":"4.20"}}"#)
            #expect(patched.status == 0, "kubectl patch status: \(patched.output)")
            try await body(server, kubectl)
        }
    }

    @Test func getShowsTheCRDPrinterColumns() async throws {
        try await Self.withGuards("the kubectl get cg test") { _, kubectl in
            let got = try await kubectl.run("get", "cg")
            #expect(got.status == 0, "kubectl get cg: \(got.output)")
            print("kubectl get cg against KubeSim:\n\(got.output)")
            let table = try PrintedTable(got.output, columns: Self.costGuardColumns)
            #expect(table.headerWords == "NAME MODE PHASE VERDICT NODES MAX NODES CEILING SPEND/H AGE")
            let shop = try #require(table.row(named: "shop"), "\(got.output)")
            #expect(shop["MODE"] == "DryRun")
            #expect(shop["PHASE"] == "Surge")
            #expect(shop["VERDICT"] == "surge")
            #expect(shop["NODES"] == "12")
            #expect(shop["MAX NODES"] == "40")
            #expect(shop["CEILING"] == "12/40 surge")
            #expect(shop["SPEND/H"] == "4.20")
            #expect(Self.isAge(shop["AGE"]), "age \(shop["AGE"] ?? "")")
            // Fields a guard does not have yet are empty cells: a real API server sends null
            // cells, which kubectl prints as nothing.
            let idle = try #require(table.row(named: "idle"), "\(got.output)")
            #expect(idle["MODE"] == "Enforce")
            #expect(idle["MAX NODES"] == "8")
            for column in ["PHASE", "VERDICT", "NODES", "CEILING", "SPEND/H"] { #expect(idle[column] == "", "\(column)") }

            // One object by name is a one-row Table too.
            let one = try await kubectl.run("get", "costguard", "shop")
            #expect(try PrintedTable(one.output, columns: Self.costGuardColumns).rows.map { $0["NAME"] } == ["shop"])
        }
    }

    @Test func wideOutputAddsOnlyPriorityColumns() async throws {
        try await Self.withGuards("the kubectl get cg -o wide test") { _, kubectl in
            let wide = try await kubectl.run("get", "cg", "-o", "wide")
            #expect(wide.status == 0, "kubectl get cg -o wide: \(wide.output)")
            print("kubectl get cg -o wide against KubeSim:\n\(wide.output)")
            // The CostGuard CRD has no priority columns: wide shows the same ones.
            let table = try PrintedTable(wide.output, columns: Self.costGuardColumns)
            #expect(table.headerWords == "NAME MODE PHASE VERDICT NODES MAX NODES CEILING SPEND/H AGE")
            #expect(table.row(named: "shop")?["SPEND/H"] == "4.20")

            let widgets = try await kubectl.apply(Self.widgetCRD)
            #expect(widgets.status == 0, "kubectl apply widget CRD: \(widgets.output)")
            let widget = try await kubectl.apply(Self.widget)
            #expect(widget.status == 0, "kubectl apply widget: \(widget.output)")
            let status = try await kubectl.run(
                "patch", "widget", "w1", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}"#)
            #expect(status.status == 0, "kubectl patch widget status: \(status.output)")
            let narrow = try await kubectl.run("get", "widgets")
            let narrowTable = try PrintedTable(narrow.output, columns: ["NAME", "READY", "REPLICAS", "RATIO", "PAUSED", "CREATED"])
            #expect(narrowTable.headerWords == "NAME READY REPLICAS RATIO PAUSED CREATED", "\(narrow.output)")
            let wideWidgets = try await kubectl.run("get", "widgets", "-o", "wide")
            let wideTable = try PrintedTable(wideWidgets.output,
                                             columns: ["NAME", "READY", "REPLICAS", "RATIO", "PAUSED", "ZONE", "CREATED"])
            #expect(wideTable.headerWords == "NAME READY REPLICAS RATIO PAUSED ZONE CREATED", "\(wideWidgets.output)")
            let w1 = try #require(wideTable.row(named: "w1"), "\(wideWidgets.output)")
            #expect(w1["READY"] == "True")
            #expect(w1["REPLICAS"] == "3")
            #expect(w1["RATIO"] == "0.5")
            #expect(w1["PAUSED"] == "false")
            #expect(w1["ZONE"] == "eu-1")
            #expect(Self.isAge(w1["CREATED"]))
        }
    }

    @Test func watchingPrintsTheHeaderOnceThenRows() async throws {
        try await Self.withGuards("the kubectl get cg -w test") { _, kubectl in
            let watched = try await kubectl.watching(["get", "cg", "-w", "--request-timeout=30s"]) {
                let patched = try await kubectl.run("patch", "costguard", "idle", "--subresource=status", "--type=merge",
                                                    "-p", #"{"status":{"phase":"Normal","nodes":3}}"#)
                #expect(patched.status == 0, "kubectl patch status: \(patched.output)")
            }
            let table = try PrintedTable(watched, columns: Self.costGuardColumns)
            #expect(table.headerWords == "NAME MODE PHASE VERDICT NODES MAX NODES CEILING SPEND/H AGE", "\(watched)")
            #expect(watched.components(separatedBy: "MAX NODES").count == 2, "one header: \(watched)")
            #expect(table.rows.compactMap { $0["NAME"] } == ["idle", "shop", "idle"], "\(watched)")
            #expect(table.rows.last?["PHASE"] == "Normal")
            #expect(table.rows.last?["NODES"] == "3")
        }
    }

    @Test func nodesAndNamespacesPrintAsUpstream() async throws {
        guard let executable = Kubectl.required(by: "the kubectl get nodes test") else { return }
        try await withAPIServer { server in
            let kubectl = try Kubectl.configured(executable: executable, for: server)
            let nodes = try #require(server.cluster.resourceType(group: "", version: "v1", plural: "nodes"))
            try server.cluster.create(nodes, namespace: nil, body: [
                "metadata": ["name": "node-a", "labels": ["node-role.kubernetes.io/worker": ""]],
                "status": ["conditions": [["type": "Ready", "status": "True"]],
                           "addresses": [["type": "InternalIP", "address": "10.0.0.7"]],
                           "nodeInfo": ["kubeletVersion": "v1.33.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
                                        "kernelVersion": "6.1.0", "containerRuntimeVersion": "containerd://1.7.0"]],
            ])
            let got = try await kubectl.run("get", "nodes")
            #expect(got.status == 0, "kubectl get nodes: \(got.output)")
            let table = try PrintedTable(got.output, columns: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
            #expect(table.headerWords == "NAME STATUS ROLES AGE VERSION", "\(got.output)")
            let node = try #require(table.row(named: "node-a"))
            #expect(node["STATUS"] == "Ready")
            #expect(node["ROLES"] == "worker")
            #expect(Self.isAge(node["AGE"]))
            #expect(node["VERSION"] == "v1.33.0")

            let wide = try await kubectl.run("get", "nodes", "-o", "wide")
            let wideTable = try PrintedTable(wide.output, columns: [
                "NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ])
            let wideNode = try #require(wideTable.row(named: "node-a"), "\(wide.output)")
            #expect(wideNode["INTERNAL-IP"] == "10.0.0.7")
            #expect(wideNode["EXTERNAL-IP"] == "<none>")
            #expect(wideNode["OS-IMAGE"] == "Debian GNU/Linux 12 (bookworm)")
            #expect(wideNode["CONTAINER-RUNTIME"] == "containerd://1.7.0")

            let namespaces = try await kubectl.run("get", "namespaces")
            let namespaceTable = try PrintedTable(namespaces.output, columns: ["NAME", "STATUS", "AGE"])
            #expect(namespaceTable.headerWords == "NAME STATUS AGE", "\(namespaces.output)")
            #expect(namespaceTable.row(named: "kube-system")?["STATUS"] == "Active")
        }
    }

    static let hpaColumns = ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]

    /// An HPA as the demo's is: a Pods metric with an AverageValue target in milli-units.
    static let hpa = """
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: web}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 12
      metrics:
        - type: Pods
          pods:
            metric: {name: requests_per_second}
            target: {type: AverageValue, averageValue: 28000m}
    """

    @Test func hpasPrintReferenceTargetsAndReplicaBounds() async throws {
        guard let executable = Kubectl.required(by: "the kubectl get hpa test") else { return }
        try await withAPIServer { server in
            let kubectl = try Kubectl.configured(executable: executable, for: server)
            let applied = try await kubectl.apply(Self.hpa)
            #expect(applied.status == 0, "kubectl apply hpa: \(applied.output)")
            let fresh = try await kubectl.run("get", "hpa")
            #expect(try PrintedTable(fresh.output, columns: Self.hpaColumns).row(named: "web")?["TARGETS"] == "<unknown>/28",
                    "\(fresh.output)")
            let status = try await kubectl.run(
                "patch", "hpa", "web", "--subresource=status", "--type=merge", "-p",
                #"{"status":{"currentReplicas":7,"desiredReplicas":7,"currentMetrics":[{"type":"Pods","pods":{"metric":{"name":"requests_per_second"},"current":{"averageValue":"27500m"}}}]}}"#)
            #expect(status.status == 0, "kubectl patch hpa status: \(status.output)")

            let got = try await kubectl.run("get", "hpa")
            #expect(got.status == 0, "kubectl get hpa: \(got.output)")
            print("kubectl get hpa against KubeSim:\n\(got.output)")
            let table = try PrintedTable(got.output, columns: Self.hpaColumns)
            #expect(table.headerWords == "NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE", "\(got.output)")
            let web = try #require(table.row(named: "web"), "\(got.output)")
            #expect(web["REFERENCE"] == "Deployment/web")
            #expect(web["TARGETS"] == "27500m/28")
            #expect(web["MINPODS"] == "2")
            #expect(web["MAXPODS"] == "12")
            #expect(web["REPLICAS"] == "7")
            #expect(Self.isAge(web["AGE"]), "age \(web["AGE"] ?? "")")

            // What a user watching the demo sees when CostGuard lowers the ceiling.
            let watched = try await kubectl.watching(["get", "hpa", "-w", "--request-timeout=30s"]) {
                let lowered = try await kubectl.run("patch", "hpa", "web", "--type=merge", "-p", #"{"spec":{"maxReplicas":8}}"#)
                #expect(lowered.status == 0, "kubectl patch hpa: \(lowered.output)")
            }
            let watchedTable = try PrintedTable(watched, columns: Self.hpaColumns)
            #expect(watchedTable.rows.compactMap { $0["MAXPODS"] } == ["12", "8"], "\(watched)")
        }
    }

    static let widgetCRD = """
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: widgets.example.com}
    spec:
      group: example.com
      scope: Cluster
      names: {plural: widgets, singular: widget, kind: Widget}
      versions:
        - name: v1
          served: true
          storage: true
          subresources: {status: {}}
          schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
          additionalPrinterColumns:
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            - {name: Replicas, type: integer, jsonPath: .spec.replicas}
            - {name: Ratio, type: number, jsonPath: .spec.ratio}
            - {name: Paused, type: boolean, jsonPath: .spec.paused}
            - {name: Zone, type: string, jsonPath: '.spec.zones[0].name', priority: 1}
            - {name: Created, type: date, jsonPath: .metadata.creationTimestamp}
    """

    static let widget = """
    apiVersion: example.com/v1
    kind: Widget
    metadata: {name: w1}
    spec: {replicas: 3, ratio: 0.5, paused: false, zones: [{name: eu-1}, {name: eu-2}]}
    """
}
