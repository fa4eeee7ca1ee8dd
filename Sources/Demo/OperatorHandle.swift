import Foundation
import KubeClient
import Logging
import OperatorRuntime
import Synchronization

/// One operator instance running against the simulated cluster (in `SimulatedCluster.withOperator`'s
/// scope): the real GuardController over HTTP, with its reports collected for the driver.
package final class OperatorHandle: Sendable {
    package let identity: String
    package let controller: GuardController
    let client: Client
    let inbox = ReportInbox()

    init(identity: String, serverURL: String, credentials: ClientConfiguration.Credentials = .none, clock: SteppedClock,
         isLeader: @escaping @Sendable () -> Bool, logger: Logger) throws {
        self.identity = identity
        let inbox = inbox
        client = try Client(configuration: ClientConfiguration(server: serverURL, credentials: credentials), logger: logger)
        let controller = GuardController(client: client, configuration: ControllerConfiguration(identity: identity), clock: clock,
                                         isLeader: isLeader, observer: ControllerObserver(onCycle: { inbox.add($0) }),
                                         logger: logger)
        self.controller = controller
    }

    /// How long a wait on the operator lasts before it counts as a hang. Generous: on a loaded
    /// two-core machine running the whole test suite at once, a first reconcile has taken over 30 s.
    package static let patience: Duration = .seconds(180)

    /// The next report in which `guardName` evaluated at `time` or later; earlier ones are skipped.
    package func evaluation(of guardName: String, at time: Date, timeout: Duration = OperatorHandle.patience) async throws
        -> (CycleReport, CycleReport.GuardResult) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for report in inbox.takeAll() {
                if let result = report.evaluated.first(where: { $0.name == guardName && $0.at >= time }) { return (report, result) }
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw SimulationFailure("operator \(identity) did not evaluate \(guardName) at \(time) within \(timeout)")
    }

    /// Waits for the first report, which comes at once, so the clock is not moved under it.
    func waitForFirstReport(timeout: Duration = OperatorHandle.patience) async throws {
        let deadline = ContinuousClock.now + timeout
        while inbox.isEmpty {
            guard ContinuousClock.now < deadline else { throw SimulationFailure("operator \(identity) made no first report") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    func closeClient() async {
        do { try await client.shutdown() } catch {}
    }
}

/// The reports of an operator, in order, until the driver takes them.
final class ReportInbox: Sendable {
    private let reports = Mutex<[CycleReport]>([])
    func add(_ report: CycleReport) { reports.withLock { $0.append(report) } }
    var isEmpty: Bool { reports.withLock { $0.isEmpty } }
    func takeAll() -> [CycleReport] { reports.withLock { reports in defer { reports = [] }; return reports } }
}

package struct SimulationFailure: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
