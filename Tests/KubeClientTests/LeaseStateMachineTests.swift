import Foundation
import KubeClient
import KubeModel
import Testing

/// The election's decisions, without sockets or clocks: leases and times in, actions out.
@Suite struct LeaseStateMachineTests {
    static let configuration = LeaderElectionConfiguration(namespace: "ops", name: "leader", identity: "me",
                                                           leaseDuration: .seconds(15), renewDeadline: .seconds(10),
                                                           retryPeriod: .seconds(2))
    static let t0 = Date(timeIntervalSince1970: 1_772_438_400)  // 2026-03-02T08:00:00Z

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func lease(holder: String?, renewedAt renew: Date? = nil, duration: Int32? = 15, transitions: Int32? = 3,
                      version: String = "7") -> Lease {
        Lease(metadata: ObjectMeta(name: "leader", namespace: "ops", resourceVersion: version),
              spec: LeaseSpec(holderIdentity: holder, leaseDurationSeconds: duration,
                              acquireTime: MicroTime.string(from: at(-100)),
                              renewTime: renew.map { MicroTime.string(from: $0) }, leaseTransitions: transitions))
    }

    /// The lease as the server would answer a write of `written`.
    static func stored(_ written: Lease, version: String) -> Lease {
        var lease = written
        lease.metadata.resourceVersion = version
        return lease
    }

    func machine(_ configuration: LeaderElectionConfiguration = Self.configuration) -> LeaseElectionStateMachine {
        var machine = LeaseElectionStateMachine(configuration: configuration)
        #expect(machine.start(now: Self.t0) == .read)
        return machine
    }

    /// Leads with `lease` (resourceVersion 8) renewed at `at`.
    func leading(at seconds: Double = 0) -> (LeaseElectionStateMachine, Lease) {
        var machine = machine()
        guard case .update(_, let to, _) = machine.observed(Self.lease(holder: "me"), now: Self.at(seconds)) else {
            Issue.record("expected a renew")
            return (machine, Self.lease(holder: "me"))
        }
        let written = Self.stored(to, version: "8")
        #expect(machine.written(written, now: Self.at(seconds)) == .wait(.seconds(2)))
        #expect(machine.isLeader)
        return (machine, written)
    }

    enum Expected: Sendable, CustomStringConvertible {
        case create, acquire, renew, standBy
        var description: String { "\(self)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var lease: Lease?
        var expected: Expected
        var testDescription: String { name }
    }

    static let firstLooks: [Case] = [
        Case(name: "no lease: create it", lease: nil, expected: .create),
        Case(name: "held by another, just seen: stand by", lease: lease(holder: "other", renewedAt: at(0)), expected: .standBy),
        Case(name: "held by another whose renewTime is years old: its clock is not trusted, stand by",
             lease: lease(holder: "other", renewedAt: at(-100_000_000)), expected: .standBy),
        Case(name: "held by another whose renewTime is in the future: stand by",
             lease: lease(holder: "other", renewedAt: at(3600)), expected: .standBy),
        Case(name: "released (empty holder): acquire at once", lease: lease(holder: "", renewedAt: at(0), duration: 1),
             expected: .acquire),
        Case(name: "no holder field: acquire at once", lease: lease(holder: nil), expected: .acquire),
        Case(name: "no spec: acquire at once",
             lease: Lease(metadata: ObjectMeta(name: "leader", namespace: "ops", resourceVersion: "7")), expected: .acquire),
        Case(name: "ours (after a restart): renew", lease: lease(holder: "me", renewedAt: at(-1)), expected: .renew),
    ]

    @Test(arguments: firstLooks)
    func firstLookAtTheLease(_ example: Case) throws {
        var machine = machine()
        let action = machine.observed(example.lease, now: Self.t0)
        let now = MicroTime.string(from: Self.t0)
        switch example.expected {
        case .create:
            guard case .create(let lease) = action else { Issue.record("expected create, got \(action)"); return }
            #expect(lease.metadata.name == "leader" && lease.metadata.namespace == "ops")
            #expect(lease.spec == LeaseSpec(holderIdentity: "me", leaseDurationSeconds: 15, acquireTime: now,
                                            renewTime: now, leaseTransitions: 0))
        case .acquire:
            guard case .update(let from, let to, .acquire) = action else { Issue.record("expected acquire, got \(action)"); return }
            #expect(from == example.lease)
            #expect(to.metadata == from.metadata)  // the resourceVersion read is the write's guard
            #expect(to.spec == LeaseSpec(holderIdentity: "me", leaseDurationSeconds: 15, acquireTime: now, renewTime: now,
                                         leaseTransitions: (from.spec?.leaseTransitions ?? 0) + 1))
        case .renew:
            guard case .update(let from, let to, .renew) = action else { Issue.record("expected renew, got \(action)"); return }
            #expect(to.spec?.renewTime == now)
            #expect(to.spec?.acquireTime == from.spec?.acquireTime)
            #expect(to.spec?.leaseTransitions == from.spec?.leaseTransitions)
            #expect(to.metadata.resourceVersion == "7")
        case .standBy:
            #expect(action == .wait(.seconds(2)))
        }
        // Nothing counts as leading until a write succeeds.
        #expect(!machine.isLeader)
    }

    @Test func anotherHoldersLeaseExpiresByOurClockFromItsLastChange() {
        var machine = machine()
        let held = Self.lease(holder: "other", renewedAt: Self.at(0))
        #expect(machine.observed(held, now: Self.at(0)) == .wait(.seconds(2)))
        #expect(machine.waited(now: Self.at(2)) == .read)
        #expect(machine.observed(held, now: Self.at(14.9)) == .wait(.seconds(2)))
        // It renews (the record changes) at 14.9 by our clock: 15 s more from there.
        var renewed = Self.lease(holder: "other", renewedAt: Self.at(14), version: "9")
        #expect(machine.observed(renewed, now: Self.at(14.95)) == .wait(.seconds(2)))
        #expect(machine.observed(renewed, now: Self.at(29.9)) == .wait(.seconds(2)))
        // A new resourceVersion with the same record is not a renew.
        renewed.metadata.resourceVersion = "10"
        guard case .update(let from, let to, .acquire) = machine.observed(renewed, now: Self.at(29.95)) else {
            Issue.record("expected a takeover once 15 s passed since the record last changed")
            return
        }
        #expect(from.metadata.resourceVersion == "10")
        #expect(to.spec?.holderIdentity == "me")
        #expect(to.spec?.leaseTransitions == 4)
        #expect(to.spec?.acquireTime == MicroTime.string(from: Self.at(29.95)))
        #expect(!machine.isLeader)
        // The takeover lands: we lead.
        #expect(machine.written(Self.stored(to, version: "11"), now: Self.at(30)) == .wait(.seconds(2)))
        #expect(machine.isLeader)
        #expect(machine.leaderUntil == Self.at(39.95))
    }

    @Test func theHoldersDurationIsUsed() {
        var machine = machine()
        let held = Self.lease(holder: "other", renewedAt: Self.at(0), duration: 3)
        #expect(machine.observed(held, now: Self.at(0)) == .wait(.seconds(2)))
        guard case .update(_, _, .acquire) = machine.observed(held, now: Self.at(3)) else {
            Issue.record("expected a takeover after the record's 3 s")
            return
        }
    }

    @Test func leaderRenewsOverItsLastWriteEveryRetryPeriod() {
        var (machine, written) = leading()
        guard case .update(let from, let to, .renew) = machine.waited(now: Self.at(2)) else {
            Issue.record("expected a fast-path renew")
            return
        }
        #expect(from == written)  // no read in between; guarded by resourceVersion 8
        #expect(to.spec?.renewTime == MicroTime.string(from: Self.at(2)))
        #expect(to.spec?.acquireTime == written.spec?.acquireTime)
        #expect(to.spec?.leaseTransitions == written.spec?.leaseTransitions)
        #expect(machine.written(Self.stored(to, version: "9"), now: Self.at(2.1)) == .wait(.seconds(2)))
        // Leadership runs from the renewTime written, not from when the answer came.
        #expect(machine.leaderUntil == Self.at(12))
        #expect(machine.isLeader(at: Self.at(11.9)))
        #expect(!machine.isLeader(at: Self.at(12)))
    }

    @Test func aConflictingRenewReadsAgainAndDoesNotOverwrite() {
        var (machine, _) = leading()
        guard case .update = machine.waited(now: Self.at(2)) else { Issue.record("expected a renew"); return }
        let conflict = KubeError(code: .api, message: "modified", httpStatus: 409, status: Status(reason: "Conflict", code: 409))
        #expect(machine.writeFailed(conflict, now: Self.at(2.1)) == .read)
        #expect(machine.isLeader)  // until it knows better
        // Someone else took it: step down at once, and stand by.
        #expect(machine.observed(Self.lease(holder: "other", renewedAt: Self.at(2), version: "12"), now: Self.at(2.2))
            == .wait(.seconds(2)))
        #expect(!machine.isLeader)
        // A write that followed a read and lost a race waits for the next round's read.
        var standby = self.machine()
        guard case .create = standby.observed(nil, now: Self.t0) else { Issue.record("expected a create"); return }
        let exists = KubeError(code: .api, message: "exists", httpStatus: 409, status: Status(reason: "AlreadyExists", code: 409))
        #expect(standby.writeFailed(exists, now: Self.t0) == .wait(.seconds(2)))
        #expect(standby.waited(now: Self.at(2)) == .read)
        #expect(!standby.isLeader)
    }

    @Test func aLeaderWhoseRenewsFailStepsDownAtTheRenewDeadline() {
        var (machine, _) = leading()
        let failure = KubeError(code: .api, message: "boom", httpStatus: 500)
        var now = 2.0
        while now < 10 {
            guard case .update = machine.waited(now: Self.at(now)) else { Issue.record("expected a renew at \(now)"); return }
            #expect(machine.requestTimeout(now: Self.at(now)) == .seconds(10 - now))
            #expect(machine.writeFailed(failure, now: Self.at(now)) == .read)
            let next = machine.readFailed(failure, now: Self.at(now + 0.5))
            // Sleeps the retry period, or until the deadline when that is sooner.
            #expect(next == .wait(min(.seconds(2), .seconds(10 - now - 0.5))))
            #expect(machine.isLeader)
            now += 2
        }
        // 8.5 + 1.5: woken exactly at the deadline.
        #expect(machine.waited(now: Self.at(10)) == .read)
        #expect(!machine.isLeader)
        #expect(machine.requestTimeout(now: Self.at(10)) == .seconds(10))
        // The lease still names us and nobody took it: renewing makes us lead again.
        guard case .update(_, _, .renew) = machine.observed(Self.lease(holder: "me", renewedAt: Self.at(0), version: "8"),
                                                            now: Self.at(10.5)) else {
            Issue.record("expected a renew")
            return
        }
    }

    @Test func stopReleasesAHeldLease() {
        var (machine, written) = leading()
        guard case .update(let from, let to, .release) = machine.stop(now: Self.at(1)) else {
            Issue.record("expected a release")
            return
        }
        #expect(!machine.isLeader)
        #expect(from == written)
        let now = MicroTime.string(from: Self.at(1))
        #expect(to.spec == LeaseSpec(holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now,
                                     leaseTransitions: written.spec?.leaseTransitions))
        #expect(to.metadata.resourceVersion == "8")
        #expect(machine.written(Self.stored(to, version: "9"), now: Self.at(1)) == .done)
    }

    @Test func aConflictingReleaseReadsOnceAndReleasesOnlyIfStillOurs() {
        let conflict = KubeError(code: .api, message: "modified", httpStatus: 409, status: Status(reason: "Conflict", code: 409))
        var (machine, _) = leading()
        _ = machine.stop(now: Self.at(1))
        #expect(machine.writeFailed(conflict, now: Self.at(1)) == .read)
        guard case .update(_, let to, .release) = machine.observed(Self.lease(holder: "me", version: "10"), now: Self.at(1)) else {
            Issue.record("expected a second release")
            return
        }
        #expect(to.metadata.resourceVersion == "10")
        #expect(machine.writeFailed(conflict, now: Self.at(1)) == .done)  // once only

        var (other, _) = leading()
        _ = other.stop(now: Self.at(1))
        #expect(other.writeFailed(conflict, now: Self.at(1)) == .read)
        #expect(other.observed(Self.lease(holder: "other", version: "10"), now: Self.at(1)) == .done)
    }

    @Test func stopWithoutReleaseOrWithoutTheLeaseDoesNothing() {
        var keep = Self.configuration
        keep.releaseOnCancel = false
        var machine = LeaseElectionStateMachine(configuration: keep)
        _ = machine.start(now: Self.t0)
        guard case .update(_, let to, _) = machine.observed(Self.lease(holder: "me"), now: Self.t0) else {
            Issue.record("expected a renew")
            return
        }
        _ = machine.written(Self.stored(to, version: "8"), now: Self.t0)
        #expect(machine.stop(now: Self.at(1)) == .done)
        #expect(!machine.isLeader)

        var standby = self.machine()
        _ = standby.observed(Self.lease(holder: "other", renewedAt: Self.t0), now: Self.t0)
        #expect(standby.stop(now: Self.at(1)) == .done)
    }

    @Test func configurationDefaultsAndValidation() throws {
        let defaults = LeaderElectionConfiguration(namespace: "ops", name: "leader", identity: "me")
        #expect(defaults.leaseDuration == .seconds(15))
        #expect(defaults.renewDeadline == .seconds(10))
        #expect(defaults.retryPeriod == .seconds(2))
        #expect(defaults.releaseOnCancel)
        try defaults.validate()
        var fractional = defaults
        fractional.leaseDuration = .milliseconds(1500)
        #expect(fractional.leaseDurationSeconds == 2)
        var wrong = defaults
        wrong.renewDeadline = .seconds(20)
        #expect(throws: KubeError.self) { try wrong.validate() }
        wrong = defaults
        wrong.identity = ""
        #expect(throws: KubeError.self) { try wrong.validate() }
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (1_709_251_199.123456, "2024-02-29T23:59:59.123456Z"),
        (1_772_438_400.5, "2026-03-02T08:00:00.500000Z"),
        (951_782_400.000001, "2000-02-29T00:00:00.000001Z"),
    ])
    func microTime(_ seconds: Double, _ text: String) throws {
        #expect(MicroTime.string(from: Date(timeIntervalSince1970: seconds)) == text)
        let parsed = try #require(MicroTime.date(from: text))
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_002)
    }

    @Test func microTimeReadsOtherRFC3339Forms() throws {
        #expect(MicroTime.date(from: "2026-03-02T08:00:00Z") == Self.t0)
        #expect(MicroTime.date(from: "2026-03-02T10:00:00+02:00") == Self.t0)
        let nanos = try #require(MicroTime.date(from: "2026-03-02T08:00:00.250000000Z"))
        #expect(abs(nanos.timeIntervalSince(Self.t0) - 0.25) < 0.000_001)
        #expect(MicroTime.date(from: "2026-03-02 08:00") == nil)
        #expect(MicroTime.date(from: "2026-13-02T08:00:00Z") == nil)
        #expect(MicroTime.date(from: "2026-03-02T08:00:00.Z") == nil)
    }
}
