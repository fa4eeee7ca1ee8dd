/// Where and how to hold a coordination.k8s.io/v1 Lease, with client-go's
/// `tools/leaderelection` defaults (15 s lease, 10 s renew deadline, 2 s retry period).
///
/// - `leaseDuration`: how long a standby waits, from the moment it last saw the lease
///   record change, before it takes over a lease whose holder stopped renewing. Written
///   into the Lease as `leaseDurationSeconds`, rounded up to whole seconds.
/// - `renewDeadline`: how long the leader keeps leading without a successful renew;
///   then it steps down. Shorter than `leaseDuration`, so a leader stops acting before a
///   standby may take over.
/// - `retryPeriod`: how often the leader renews and a standby looks at the lease.
/// - `releaseOnCancel`: when `run()` is cancelled while holding the lease, give it up
///   (empty holder, 1 s duration) so a standby takes over at once instead of waiting for
///   the lease to expire.
package struct LeaderElectionConfiguration: Sendable, Hashable {
    package var namespace: String
    package var name: String
    /// This instance's holder identity (a pod name, say); unique among the candidates.
    package var identity: String
    package var leaseDuration: Duration
    package var renewDeadline: Duration
    package var retryPeriod: Duration
    package var releaseOnCancel: Bool

    package init(namespace: String, name: String, identity: String, leaseDuration: Duration = .seconds(15),
                renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2),
                releaseOnCancel: Bool = true) {
        self.namespace = namespace
        self.name = name
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.releaseOnCancel = releaseOnCancel
    }

    /// `leaseDuration` as the Lease's `leaseDurationSeconds`: rounded up, at least 1, so
    /// other candidates never wait less than this instance means.
    package var leaseDurationSeconds: Int32 {
        let seconds = leaseDuration.components.seconds + (leaseDuration.components.attoseconds > 0 ? 1 : 0)
        return Int32(clamping: max(seconds, 1))
    }

    /// The checks client-go makes: names set, and leaseDuration > renewDeadline > retryPeriod > 0.
    package func validate() throws {
        var problems: [String] = []
        if namespace.isEmpty { problems.append("namespace is empty") }
        if name.isEmpty { problems.append("name is empty") }
        if identity.isEmpty { problems.append("identity is empty") }
        if retryPeriod <= .zero { problems.append("retryPeriod must be positive") }
        if renewDeadline <= retryPeriod { problems.append("renewDeadline must be longer than retryPeriod") }
        if leaseDuration <= renewDeadline { problems.append("leaseDuration must be longer than renewDeadline") }
        guard problems.isEmpty else {
            throw KubeError(code: .configuration,
                            message: "leader election for lease \(namespace)/\(name): " + problems.joined(separator: "; "))
        }
    }
}
