import Foundation
import Logging
import Synchronization

/// Supplies the bearer token for each request: a fixed token, a token file re-read
/// as it rotates, or an exec plugin re-run before its credential expires.
final class Authenticator: Sendable {
    struct Cached {
        var token: String
        /// When to fetch again.
        var refreshAt: Date?
    }

    let credentials: ClientConfiguration.Credentials
    let now: @Sendable () -> Date
    /// client-go re-reads token files once a minute; rotation gives far more slack than that.
    let fileRefreshInterval: TimeInterval
    /// Re-run the plugin this long before the credential expires.
    let expiryMargin: TimeInterval
    let cache = Mutex<Cached?>(nil)
    let logger: Logger
    /// The plugin failure last logged: the same one again (every request retries) is not.
    private let reported = Mutex<String?>(nil)

    init(credentials: ClientConfiguration.Credentials, now: @escaping @Sendable () -> Date,
         fileRefreshInterval: TimeInterval = 60, expiryMargin: TimeInterval = 10,
         logger: Logger = Logger(label: "kube-client")) {
        self.credentials = credentials
        self.now = now
        self.logger = logger
        self.fileRefreshInterval = fileRefreshInterval
        self.expiryMargin = expiryMargin
    }

    /// The value of the Authorization header, or nil when there are no bearer credentials.
    func authorization() async throws -> String? {
        switch credentials {
        case .none: return nil
        case .token(let secret): return "Bearer \(secret.value)"
        case .tokenFile(let path):
            if let token = fresh() { return "Bearer \(token)" }
            let token: String
            do {
                token = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw KubeError(code: .configuration, message: "cannot read token file \(path)", cause: error)
            }
            store(token, refreshAt: now().addingTimeInterval(fileRefreshInterval))
            return "Bearer \(token)"
        case .exec(let config):
            if let token = fresh() { return "Bearer \(token)" }
            let result: ExecPluginRunner.Result
            do {
                result = try await ExecPluginRunner.run(config)
            } catch {
                // Reported once at error (again only if it changes); the callers keep retrying.
                let message = "\(error)"
                if reported.withLock({ last in defer { last = message }; return last != message }) {
                    logger.error("no credentials: the exec plugin failed; requests are retried quietly",
                                 metadata: ["error": "\(message)"])
                }
                throw error
            }
            if reported.withLock({ last in defer { last = nil }; return last != nil }) {
                logger.notice("the exec credential plugin gave a credential again", metadata: ["command": "\(config.command)"])
            }
            store(result.token, refreshAt: result.expiry?.addingTimeInterval(-expiryMargin))
            return "Bearer \(result.token)"
        }
    }

    /// Forget the cached token, after a 401: the next request fetches a new one.
    func invalidate() {
        cache.withLock { $0 = nil }
    }

    private func fresh() -> String? {
        let current = now()
        return cache.withLock { cached in
            guard let cached else { return nil }
            if let refreshAt = cached.refreshAt, current >= refreshAt { return nil }
            return cached.token
        }
    }

    private func store(_ token: String, refreshAt: Date?) {
        cache.withLock { $0 = Cached(token: token, refreshAt: refreshAt) }
    }
}
