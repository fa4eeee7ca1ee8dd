import Logging
import Synchronization

/// How recently a watcher heard from the API server, for readiness and
/// `costguard_cache_staleness_seconds`: zero while a watch stream is open, else the time since
/// the last list page or watch chunk. And the warning when it cannot get through: at once on
/// the first failure after contact, then at most once per `warnEvery` with the count.
package final class WatchHealth: Sendable {
    package let resource: String
    let warnEvery: Duration
    private let state: Mutex<State>

    struct State {
        var connected = false
        var lastContact: ContinuousClock.Instant
        var failures = 0
        var lastWarning: ContinuousClock.Instant?
    }

    package init(resource: String, warnEvery: Duration = .seconds(60), now: ContinuousClock.Instant = .now) {
        self.resource = resource
        self.warnEvery = warnEvery
        // Before the first answer, staleness counts from the start.
        state = Mutex(State(lastContact: now))
    }

    /// A list page or watch chunk came in, or a watch opened.
    func contact(connected: Bool, now: ContinuousClock.Instant = .now, logger: Logger, server: String) {
        let failures = state.withLock { state -> Int in
            defer {
                state.connected = connected
                state.lastContact = now
                state.failures = 0
                state.lastWarning = nil
            }
            return state.lastWarning == nil ? 0 : state.failures
        }
        if failures > 0 {
            logger.notice("API server reachable again", metadata: ["resource": "\(resource)", "server": "\(server)",
                                                                   "failedAttempts": "\(failures)"])
        }
    }

    /// The stream ended (the server's timeout, a dropped connection): not in contact until the next answer.
    func streamEnded(now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.connected { state.lastContact = now }
            state.connected = false
        }
    }

    /// A list or watch request failed: logged at warning the first time after contact, then
    /// at most once per `warnEvery`, naming the server and the error.
    func failed(_ error: KubeError, now: ContinuousClock.Instant = .now, logger: Logger, server: String) {
        let warn = state.withLock { state -> (count: Int, stale: Duration)? in
            if state.connected { state.lastContact = now }
            state.connected = false
            state.failures += 1
            if let last = state.lastWarning, now - last < warnEvery { return nil }
            state.lastWarning = now
            return (state.failures, now - state.lastContact)
        }
        guard let warn else { return }
        logger.warning("cannot reach the API server: the \(resource) cache is not being updated", metadata: [
            "resource": "\(resource)", "server": "\(server)", "error": "\(error)",
            "failedAttempts": "\(warn.count)", "staleSeconds": "\(Self.seconds(warn.stale))",
        ])
    }

    /// Seconds since the watcher last heard from the server; 0 while a watch is open.
    package func staleness(now: ContinuousClock.Instant = .now) -> Double {
        state.withLock { state in state.connected ? 0 : Self.seconds(now - state.lastContact) }
    }

    package static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return max(0, Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
    }
}
