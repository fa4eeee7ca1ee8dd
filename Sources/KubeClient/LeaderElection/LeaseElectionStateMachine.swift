import Foundation
import KubeModel

/// Leader election on a Lease as a pure state machine (client-go's `tryAcquireOrRenew`,
/// renew loop and `release`). Inputs are what the API answered and the time, passed in;
/// outputs are the next request to make or how long to wait. It does no I/O and reads
/// no clock; `LeaderElector` is its driver.
///
/// The rules:
/// - No Lease: create one naming us.
/// - Another holder's lease is valid while `leaseDurationSeconds` have not passed since
///   WE last saw its record change (its `renewTime` comes from the holder's clock and is
///   not trusted). Until then, stand by; after it, take over: `leaseTransitions + 1`,
///   `acquireTime` now. An empty holder (a released lease) is taken at once.
/// - Ours: renew (`renewTime` now; `acquireTime` and `leaseTransitions` kept). While
///   leading, renews skip the read and write over the lease we last wrote (client-go's
///   optimistic fast path); if that fails, read it and decide again.
/// - Every write carries the read's resourceVersion; a 409 means someone else wrote,
///   and the next round reads again instead of overwriting.
/// - A leader steps down when `renewDeadline` has passed since the `renewTime` of its
///   last successful write, or at once when it sees another holder.
/// - On `stop`, a holder with `releaseOnCancel` writes the released record: empty
///   holder, `leaseDurationSeconds` 1, `acquireTime` and `renewTime` now, transitions kept.
package struct LeaseElectionStateMachine: Sendable {
    package enum Intent: String, Sendable, Hashable {
        case acquire, renew, release
    }

    package enum Action: Sendable, Hashable {
        /// GET the lease; answer with `observed` (nil for 404) or `readFailed`.
        case read
        /// POST this lease; answer with `written` or `writeFailed`.
        case create(Lease)
        /// Write `to` over `from`, guarded by `from`'s resourceVersion; answer with
        /// `written` or `writeFailed`.
        case update(from: Lease, to: Lease, Intent)
        /// Sleep, then call `waited`.
        case wait(Duration)
        /// Stopped: nothing more to do.
        case done
    }

    enum Phase: Sendable, Hashable {
        case running
        /// Stopping; `reread` once a conflicting release has been read again.
        case releasing(reread: Bool)
        case done
    }

    struct Pending: Sendable, Hashable {
        var intent: Intent
        /// The renewTime the write carries: leadership is counted from it.
        var renewTime: Date
        /// Written over our last copy without reading first.
        var fastPath: Bool
    }

    package let configuration: LeaderElectionConfiguration
    var phase = Phase.running
    /// The lease record as last seen, and when (by our clock) it last changed.
    var observedSpec: LeaseSpec?
    var observedTime: Date?
    /// The newest copy of the Lease we have (read or written), with its resourceVersion.
    var latest: Lease?
    var pending: Pending?
    /// While leading: when leadership ends unless renewed (last renewTime + renewDeadline).
    package private(set) var leaderUntil: Date?

    package init(configuration: LeaderElectionConfiguration) {
        self.configuration = configuration
    }

    package var isLeader: Bool { leaderUntil != nil }

    /// Whether the machine thinks it leads at `now` (false once the renew deadline passed,
    /// even before an input has stepped it down).
    package func isLeader(at now: Date) -> Bool {
        guard let leaderUntil else { return false }
        return now < leaderUntil
    }

    /// The lease's holder as last seen ("" when released, nil when never read).
    package var observedHolder: String? { observedSpec.map { $0.holderIdentity ?? "" } }

    // MARK: Inputs

    package mutating func start(now: Date) -> Action {
        phase = .running
        return .read
    }

    /// The GET answered: the lease, or nil for 404 Not Found.
    package mutating func observed(_ lease: Lease?, now: Date) -> Action {
        switch phase {
        case .done:
            return .done
        case .releasing:
            // A release that conflicted: release again only if the lease still names us.
            guard let lease, isOurs(lease.spec) else { return finish() }
            latest = lease
            phase = .releasing(reread: true)
            return release(lease, now: now)
        case .running:
            break
        }
        stepDownIfLate(now)
        pending = nil
        guard let lease else {
            latest = nil
            let spec = LeaseSpec(holderIdentity: configuration.identity,
                                 leaseDurationSeconds: configuration.leaseDurationSeconds,
                                 acquireTime: MicroTime.string(from: now), renewTime: MicroTime.string(from: now),
                                 leaseTransitions: 0)
            pending = Pending(intent: .acquire, renewTime: now, fastPath: false)
            return .create(Lease(metadata: ObjectMeta(name: configuration.name, namespace: configuration.namespace),
                                 spec: spec))
        }
        latest = lease
        let spec = lease.spec ?? LeaseSpec()
        if spec != observedSpec {
            observedSpec = spec
            observedTime = now
        }
        let holder = spec.holderIdentity ?? ""
        if holder != configuration.identity {
            // Someone else holds it, or it was released: we do not lead, whatever we thought.
            leaderUntil = nil
            if !holder.isEmpty, let observedTime, now < observedTime.addingTimeInterval(duration(of: spec)) {
                return .wait(configuration.retryPeriod)
            }
        }
        let intent: Intent = holder == configuration.identity ? .renew : .acquire
        pending = Pending(intent: intent, renewTime: now, fastPath: false)
        return .update(from: lease, to: claimed(lease, now: now), intent)
    }

    /// The GET failed (not with 404).
    package mutating func readFailed(_ error: KubeError, now: Date) -> Action {
        switch phase {
        case .done: return .done
        case .releasing: return finish()
        case .running: break
        }
        stepDownIfLate(now)
        pending = nil
        return .wait(waitDuration(now: now))
    }

    /// A create or update succeeded; `lease` is the server's answer.
    package mutating func written(_ lease: Lease, now: Date) -> Action {
        let renewTime = pending?.renewTime ?? now
        pending = nil
        latest = lease
        observedSpec = lease.spec ?? LeaseSpec()
        observedTime = now
        switch phase {
        case .done: return .done
        case .releasing: return finish()
        case .running: break
        }
        if isOurs(lease.spec) {
            let until = renewTime.addingTimeInterval(configuration.renewDeadline.timeInterval)
            leaderUntil = now < until ? until : nil
        } else {
            leaderUntil = nil
        }
        return .wait(waitDuration(now: now))
    }

    /// A create or update failed. A fast-path renew falls back to reading the lease at
    /// once; any other failure (a 409 included) waits and reads again next round.
    package mutating func writeFailed(_ error: KubeError, now: Date) -> Action {
        let failed = pending
        pending = nil
        switch phase {
        case .done:
            return .done
        case .releasing(let reread):
            // Someone wrote since our copy: read it and release only if it is still ours.
            return error.isConflict && !reread ? .read : finish()
        case .running:
            break
        }
        stepDownIfLate(now)
        if failed?.fastPath == true { return .read }
        return .wait(waitDuration(now: now))
    }

    /// A `wait` is over: renew straight away while leading, else read the lease.
    package mutating func waited(now: Date) -> Action {
        switch phase {
        case .done: return .done
        case .releasing: return finish()
        case .running: break
        }
        stepDownIfLate(now)
        if isLeader, let latest, isOurs(latest.spec) {
            pending = Pending(intent: .renew, renewTime: now, fastPath: true)
            return .update(from: latest, to: claimed(latest, now: now), .renew)
        }
        return .read
    }

    /// Stop electing: leadership ends now; a holder with `releaseOnCancel` releases the lease.
    package mutating func stop(now: Date) -> Action {
        leaderUntil = nil
        pending = nil
        guard configuration.releaseOnCancel, let latest, isOurs(latest.spec) else { return finish() }
        phase = .releasing(reread: false)
        return release(latest, now: now)
    }

    /// How long a request may take: a leader's until its renew deadline, else renewDeadline.
    package func requestTimeout(now: Date) -> Duration {
        if let leaderUntil {
            return max(Duration.between(now, leaderUntil), .milliseconds(1))
        }
        return configuration.renewDeadline
    }

    // MARK: Helpers

    func isOurs(_ spec: LeaseSpec?) -> Bool {
        spec?.holderIdentity == configuration.identity
    }

    func duration(of spec: LeaseSpec) -> TimeInterval {
        spec.leaseDurationSeconds.map { TimeInterval($0) } ?? configuration.leaseDuration.timeInterval
    }

    mutating func stepDownIfLate(_ now: Date) {
        if let leaderUntil, now >= leaderUntil { self.leaderUntil = nil }
    }

    /// A leader sleeps the retry period, but wakes at its renew deadline if that is sooner.
    func waitDuration(now: Date) -> Duration {
        guard let leaderUntil else { return configuration.retryPeriod }
        return max(.zero, min(configuration.retryPeriod, Duration.between(now, leaderUntil)))
    }

    /// The lease renewed by us, or taken over from its previous holder.
    func claimed(_ lease: Lease, now: Date) -> Lease {
        var next = lease
        var spec = lease.spec ?? LeaseSpec()
        let stamp = MicroTime.string(from: now)
        if isOurs(spec) {
            spec.acquireTime = spec.acquireTime ?? stamp
            spec.leaseTransitions = spec.leaseTransitions ?? 0
        } else {
            spec.holderIdentity = configuration.identity
            spec.acquireTime = stamp
            spec.leaseTransitions = (spec.leaseTransitions ?? 0) + 1
        }
        spec.renewTime = stamp
        spec.leaseDurationSeconds = configuration.leaseDurationSeconds
        next.spec = spec
        return next
    }

    mutating func release(_ lease: Lease, now: Date) -> Action {
        var released = lease
        let stamp = MicroTime.string(from: now)
        released.spec = LeaseSpec(holderIdentity: "", leaseDurationSeconds: 1, acquireTime: stamp, renewTime: stamp,
                                  leaseTransitions: lease.spec?.leaseTransitions ?? 0)
        pending = Pending(intent: .release, renewTime: now, fastPath: false)
        return .update(from: lease, to: released, .release)
    }

    mutating func finish() -> Action {
        phase = .done
        pending = nil
        leaderUntil = nil
        return .done
    }
}
