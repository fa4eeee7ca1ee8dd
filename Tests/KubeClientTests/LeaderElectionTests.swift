import Foundation
import KubeClient
import KubeModel
import KubeSim
import Logging
import Synchronization
import Testing

/// Leader election against KubeSim over real HTTP. Tests that need a leader to stay leader
/// use a renew deadline of several seconds, so a loaded CI machine (where one request can
/// take over a second) does not make it step down; the tests of expiry and step-down use
/// short timings and check lower bounds exactly ("not before the lease expired", "not
/// before the renew deadline") and upper bounds with a wide margin for scheduling delays.
@Suite(.serialized) struct LeaderElectionTests {
    static let quiet = Logger(label: "leader-election-test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func configuration(_ identity: String, lease: Duration = .seconds(10), renewDeadline: Duration = .seconds(6),
                              releaseOnCancel: Bool = true) -> LeaderElectionConfiguration {
        LeaderElectionConfiguration(namespace: "default", name: "costguard-leader", identity: identity,
                                    leaseDuration: lease, renewDeadline: renewDeadline,
                                    retryPeriod: .milliseconds(200), releaseOnCancel: releaseOnCancel)
    }

    static func elector(_ client: Client, _ configuration: LeaderElectionConfiguration) -> LeaderElector {
        LeaderElector(client: client, configuration: configuration, logger: quiet)
    }

    /// The lease as KubeSim stores it, read without HTTP (so injected faults do not apply).
    static func storedLease(_ server: APIServer) throws -> Lease? {
        let type = try #require(server.cluster.resourceType(group: "coordination.k8s.io", version: "v1", plural: "leases"))
        return try server.cluster.object(type, namespace: "default", name: "costguard-leader")?.decode(as: Lease.self)
    }

    static func time(_ text: String?) throws -> Date {
        try #require(text.flatMap(MicroTime.date(from:)), "not a MicroTime: \(text ?? "nil")")
    }

    /// Runs each elector's `run()` in a task of its own; cancels them all afterwards.
    static func running<Result: Sendable>(
        _ electors: [LeaderElector], _ body: @Sendable ([Task<Void, any Error>]) async throws -> Result
    ) async throws -> Result {
        let tasks = electors.map { elector in Task { try await elector.run() } }
        func stop() async {
            for task in tasks { task.cancel() }
            for task in tasks { _ = await task.result }
        }
        do {
            let result = try await body(tasks)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// `operation`, or `TimedOut` after `timeout`.
    static func within<Value: Sendable>(_ timeout: Duration,
                                        _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw TimedOut() }
            return value
        }
    }

    static func firstValues(_ stream: AsyncStream<Bool>, count: Int) async throws -> [Bool] {
        try await within(.seconds(10)) {
            var values: [Bool] = []
            for await value in stream {
                values.append(value)
                if values.count == count { break }
            }
            return values
        }
    }

    @Test func acquiresRenewsAndReleasesOnCancel() async throws {
        try await withSimulatedCluster { server, client in
            let elector = Self.elector(client, Self.configuration("a"))
            let changes = elector.leadershipChanges()
            #expect(!elector.isLeader)
            try await Self.running([elector]) { tasks in
                try await Self.within(.seconds(10)) { try await elector.waitForLeadership() }
                #expect(elector.isLeader)
                let first = try #require(try Self.storedLease(server))
                #expect(first.spec?.holderIdentity == "a")
                #expect(first.spec?.leaseDurationSeconds == 10)
                #expect(first.spec?.leaseTransitions == 0)
                let renewText = try #require(first.spec?.renewTime)
                #expect(renewText.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/#) != nil)
                // The first renewal may already have run when the Lease is read (a loaded machine
                // took 2.4 s here): the acquisition time stays, the renewal time only moves on.
                #expect(try Self.time(first.spec?.acquireTime) <= Self.time(renewText))
                let firstRenew = try Self.time(renewText)

                // Renewed every retry period: a second later (five periods) it is still ours.
                try await eventually(timeout: .seconds(10)) {
                    let lease = try #require(try Self.storedLease(server))
                    #expect(lease.spec?.holderIdentity == "a")
                    #expect(lease.spec?.acquireTime == first.spec?.acquireTime)
                    #expect(lease.spec?.leaseTransitions == 0)
                    return try Self.time(lease.spec?.renewTime) >= firstRenew.addingTimeInterval(1)
                }
                #expect(elector.isLeader)

                tasks[0].cancel()
                try await tasks[0].value
                #expect(!elector.isLeader)
                let released = try #require(try Self.storedLease(server))
                #expect(released.spec?.holderIdentity == "")
                #expect(released.spec?.leaseDurationSeconds == 1)
                #expect(released.spec?.leaseTransitions == 0)
                #expect(try Self.time(released.spec?.renewTime) > firstRenew)
            }
            #expect(try await Self.firstValues(changes, count: 3) == [false, true, false])
        }
    }

    @Test func twoInstancesNeverLeadTogether() async throws {
        try await withSimulatedCluster { server, client in
            let a = Self.elector(client, Self.configuration("a"))
            let b = Self.elector(client, Self.configuration("b"))
            try await Self.running([a, b]) { _ in
                try await eventually(timeout: .seconds(10)) { a.isLeader || b.isLeader }
                var samples = 0
                var none = 0
                let end = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < end {
                    let (leadsA, leadsB) = (a.isLeader, b.isLeader)
                    #expect(!(leadsA && leadsB), "both lead at sample \(samples)")
                    if !leadsA && !leadsB { none += 1 }
                    samples += 1
                    try await Task.sleep(for: .milliseconds(10))
                }
                // One leads throughout: a gap would need renews to fail for the 6 s renew deadline.
                #expect(samples > 20)
                #expect(none == 0, "\(none) of \(samples) samples had no leader")
                let holder = try #require(try Self.storedLease(server)?.spec?.holderIdentity)
                #expect(holder == (a.isLeader ? "a" : "b"))
            }
        }
    }

    @Test func aCancelledLeaderReleasesAndTheStandbyTakesOverAtOnce() async throws {
        // A 10 s lease: a takeover within a couple of seconds can only come from the release.
        try await withSimulatedCluster { server, client in
            let a = Self.elector(client, Self.configuration("a", lease: .seconds(10), renewDeadline: .seconds(5)))
            let b = Self.elector(client, Self.configuration("b", lease: .seconds(10), renewDeadline: .seconds(5)))
            try await Self.running([a]) { leaderTasks in
                try await Self.within(.seconds(10)) { try await a.waitForLeadership() }
                // A leader renews without reading, so the next GETs of the lease are b's.
                server.cluster.clearRequests()
                try await Self.running([b]) { _ in
                    try await eventually(timeout: .seconds(10)) {
                        server.cluster.requests.contains { $0.verb == "get" && $0.resource == "leases" }
                    }
                    #expect(a.isLeader && !b.isLeader)
                    leaderTasks[0].cancel()
                    try await leaderTasks[0].value
                    let released = ContinuousClock.now
                    #expect(!a.isLeader)
                    try await Self.within(.seconds(10)) { try await b.waitForLeadership() }
                    let took = ContinuousClock.now - released
                    #expect(took < .seconds(5), "took \(took) after the release (retry period 0.2 s, lease 10 s)")
                    let lease = try #require(try Self.storedLease(server))
                    #expect(lease.spec?.holderIdentity == "b")
                    #expect(lease.spec?.leaseTransitions == 1)
                    #expect(lease.spec?.leaseDurationSeconds == 10)
                }
            }
        }
    }

    @Test func aLeaderKilledWithoutReleaseIsReplacedOnlyAfterTheLeaseDuration() async throws {
        try await withSimulatedCluster { server, client in
            let a = Self.elector(client, Self.configuration("a", lease: .seconds(2), renewDeadline: .seconds(1),
                                                            releaseOnCancel: false))
            let b = Self.elector(client, Self.configuration("b", lease: .seconds(2), renewDeadline: .seconds(1)))
            try await Self.running([a]) { leaderTasks in
                try await Self.within(.seconds(10)) { try await a.waitForLeadership() }
                server.cluster.clearRequests()
                try await Self.running([b]) { _ in
                    try await eventually(timeout: .seconds(10)) {
                        server.cluster.requests.contains { $0.verb == "get" && $0.resource == "leases" }
                    }
                    leaderTasks[0].cancel()
                    try await leaderTasks[0].value
                    #expect(!a.isLeader)
                    // Not released: the lease still names a, with its last renewTime.
                    let abandoned = try #require(try Self.storedLease(server))
                    #expect(abandoned.spec?.holderIdentity == "a")
                    let lastRenew = try Self.time(abandoned.spec?.renewTime)

                    try await Self.within(.seconds(10)) { try await b.waitForLeadership() }
                    let taken = try #require(try Self.storedLease(server))
                    #expect(taken.spec?.holderIdentity == "b")
                    #expect(taken.spec?.leaseTransitions == 1)
                    // b saw a's last renew no earlier than it was made, and waited 2 s from then.
                    let acquired = try Self.time(taken.spec?.acquireTime)
                    #expect(acquired.timeIntervalSince(lastRenew) >= 2 - 0.001,
                            "took over \(acquired.timeIntervalSince(lastRenew)) s after the last renew")
                    #expect(Date().timeIntervalSince(lastRenew) < 2 + 8)
                }
            }
        }
    }

    @Test func aLeaderThatCannotRenewStepsDownWithinTheRenewDeadline() async throws {
        try await withSimulatedCluster { server, client in
            let elector = Self.elector(client, Self.configuration("a", lease: .seconds(2), renewDeadline: .seconds(1)))
            let changes = elector.leadershipChanges()
            try await Self.running([elector]) { _ in
                try await Self.within(.seconds(10)) { try await elector.waitForLeadership() }
                server.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), resource: "leases", times: 1_000_000))
                let injected = Date()
                try await eventually(timeout: .seconds(10)) { !elector.isLeader }
                let steppedDown = Date()
                // Every write since the injection failed, so this renewTime is the last one.
                let lastRenew = try Self.time(try Self.storedLease(server)?.spec?.renewTime)
                #expect(steppedDown.timeIntervalSince(lastRenew) >= 1 - 0.001, "stepped down before the renew deadline")
                // The renew deadline plus a wide margin: timers run late on a loaded machine.
                #expect(steppedDown.timeIntervalSince(injected) < 1 + 6,
                        "stepped down \(steppedDown.timeIntervalSince(injected)) s after renews began to fail")
                // The driver tells its listeners too, and keeps trying without leading.
                #expect(try await Self.firstValues(changes, count: 3) == [false, true, false])
                #expect(!elector.isLeader)
            }
        }
    }

    @Test func waitingIsCancellableAndRunChecksItsConfiguration() async throws {
        try await withSimulatedCluster { _, client in
            let elector = Self.elector(client, Self.configuration("a"))
            let waiter = Task { try await elector.waitForLeadership() }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }

            let invalid = Self.elector(client, Self.configuration("a", lease: .seconds(6), renewDeadline: .seconds(6)))
            let error = await #expect(throws: KubeError.self) { try await invalid.run() }
            #expect(error?.code == .configuration)

            try await Self.running([elector]) { _ in
                try await Self.within(.seconds(10)) { try await elector.waitForLeadership() }
                let twice = await #expect(throws: KubeError.self) { try await elector.run() }
                #expect(twice?.code == .configuration)
                #expect(elector.isLeader)
            }
        }
    }
}
