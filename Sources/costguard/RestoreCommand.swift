import ArgumentParser
import Foundation
import KubeClient
import OperatorRuntime

/// `costguard restore`: the break-glass for a cluster whose operator is gone. Lists everything
/// CostGuard changed and how it would be put back; with --yes, puts back every recorded original.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Puts back everything CostGuard changed, with no operator running.",
        discussion: """
        Finds the HPAs carrying CostGuard's annotations and the objects it marked \
        (costguard.dev/changed: Traefik Middlewares, KEDA ScaledObjects, Karpenter NodePools, \
        Cluster API MachineDeployments, Calico and Cilium deny sets), and shows, as a table, what \
        restoring each does: the recorded originals put back, CostGuard's marks removed, a deny set \
        it created deleted. Nothing is written without --yes. Stop the operator first (scale its \
        Deployment to 0), or it sets again what its guards still want.
        """
    )

    @Option(help: "Path to a kubeconfig; default: KUBECONFIG, else ~/.kube/config, else the in-cluster service account.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use; default: its current context.")
    var context: String?

    @Option(name: .customLong("guard"), help: "Restore only this guard's changes (objects other guards also hold are kept).")
    var guardName: String?

    @Flag(inversion: .prefixedNo, exclusivity: .chooseLast, help: "Write: put back the originals (without it, only the table).")
    var yes = false

    @Flag(inversion: .prefixedNo, exclusivity: .chooseLast,
          help: "Also remove costguard.dev/finalizer from the CostGuards, so deleting them does not wait for an operator.")
    var removeFinalizers = false

    func run() async throws {
        let (configuration, _) = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context,
                                                               environment: ProcessInfo.processInfo.environment)
        let client = try Client(configuration: configuration)
        let result: Result<Int32, Error>
        do {
            result = .success(try await restore(client))
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        let status = try result.get()
        if status != 0 { throw ExitCode(status) }
    }

    /// The exit status: 0 when everything was (or would be) restored, 1 when something failed
    /// or could not be read.
    private func restore(_ client: Client) async throws -> Int32 {
        let restorer = Restorer(client: client)
        let plan = await restorer.plan(guardName: guardName)
        print(RestoreTable.render(plan.items, written: yes))
        for line in plan.unreadable { print("could not read \(line)") }
        var failed = !plan.unreadable.isEmpty
        if yes {
            let failures = await restorer.apply(plan.items)
            for line in failures { print("failed: \(line)") }
            failed = failed || !failures.isEmpty
            let restored = plan.items.filter { !$0.isKept }.count - failures.count
            print("restored \(restored) object\(restored == 1 ? "" : "s")")
        } else if plan.items.contains(where: { !$0.isKept }) {
            print("nothing written; run again with --yes to restore")
        }
        if removeFinalizers {
            if yes {
                let (released, failures) = await restorer.releaseFinalizers(guardName: guardName)
                for name in released { print("finalizer removed: costguard \(name)") }
                for line in failures { print("failed: \(line)") }
                failed = failed || !failures.isEmpty
            } else {
                print("--remove-finalizers takes effect with --yes")
            }
        }
        return failed ? 1 : 0
    }
}

/// The dry-run (or done) table: one row per object.
enum RestoreTable {
    static func render(_ items: [RestoreItem], written: Bool) -> String {
        guard !items.isEmpty else { return "CostGuard has changed nothing that is still in the cluster." }
        let header = ["KIND", "OBJECT", "HELD BY", written ? "DONE" : "RESTORE WOULD"]
        let rows = items.map { item -> [String] in
            let change: String
            switch item.action {
            case .keep(let reason): change = "kept: \(reason)"
            default: change = item.change
            }
            return [item.kind, item.object, item.heldBy.isEmpty ? "-" : item.heldBy.joined(separator: ","), change]
        }
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
