import Synchronization

/// How many bodies are being read or ingested at once. Past `limit` a request is answered 503 with
/// Retry-After at once instead of waiting: memory stays at most `limit` bodies of the size limit,
/// and the shippers retry (Fluent Bit, Vector and OTLP exporters all retry a 503).
final class InFlightGate: Sendable {
    private let count = Atomic(0)
    let limit: Int

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// True if the caller may go on; it must then call `leave()`.
    func enter() -> Bool {
        let now = count.wrappingAdd(1, ordering: .acquiring).newValue
        if now > limit {
            count.wrappingSubtract(1, ordering: .releasing)
            return false
        }
        return true
    }

    func leave() {
        count.wrappingSubtract(1, ordering: .releasing)
    }
}
