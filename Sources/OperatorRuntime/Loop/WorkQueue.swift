import Foundation

/// What the reconcile loop works on: one guard, or the enforcer of the objects guards share
/// (HPAs, deny sets, rate limits, node limits), whose claims it merges.
enum ReconcileKey: Hashable, Sendable, CustomStringConvertible {
    case guardNamed(String)
    case enforcer

    var description: String {
        switch self {
        case .guardNamed(let name): return "costguard \(name)"
        case .enforcer: return "shared objects"
        }
    }
}

/// The keyed work queue, as client-go's: a key is queued once however often it is added (the
/// earliest time wins), never handed out twice at once (added while in flight, it is queued
/// again when done), and requeued after a failure with a per-key exponential backoff that a
/// success forgets. A pure value: the loop owns it, the cache's events add to it through a lock.
struct WorkQueue: Sendable {
    /// Each failure doubles the wait, from `base` to `cap` seconds.
    struct Backoff: Sendable {
        var base: Double = 0.5
        var cap: Double = 300

        func delay(failures: Int) -> Double {
            guard failures > 0 else { return 0 }
            return min(cap, base * pow(2, Double(min(failures - 1, 30))))
        }
    }

    enum Outcome: Sendable, Equatable {
        /// Done; next wanted at this time (nil: only when something adds it).
        case succeeded(next: Date?)
        /// Failed: retried after the backoff, or at `next` if that is sooner (a guard still
        /// evaluates on its interval while its status cannot be written).
        case failed(next: Date?)

        var failed: Bool {
            if case .failed = self { return true }
            return false
        }
    }

    let backoff: Backoff
    private(set) var due: [ReconcileKey: Date] = [:]
    private var inFlight: ReconcileKey?
    /// Added while in flight: queued again, at the earliest time asked, once done.
    private var addedInFlight: Date?
    private(set) var failures: [ReconcileKey: Int] = [:]

    init(backoff: Backoff = Backoff()) { self.backoff = backoff }

    mutating func add(_ key: ReconcileKey, at time: Date) {
        if key == inFlight {
            addedInFlight = min(addedInFlight ?? time, time)
        } else {
            due[key] = min(due[key] ?? time, time)
        }
    }

    /// The next key due by `now`, taken out of the queue: guards first, by time then name, and
    /// the enforcer only once no guard is due, so it merges the decisions of every guard due.
    mutating func next(now: Date) -> ReconcileKey? {
        guard inFlight == nil else { return nil }
        let ready = due.filter { $0.value <= now }
        let key = ready.keys.filter { $0 != .enforcer }.min { lhs, rhs in
            (ready[lhs]!, lhs.description) < (ready[rhs]!, rhs.description)
        } ?? (ready[.enforcer] == nil ? nil : .enforcer)
        guard let key else { return nil }
        due[key] = nil
        inFlight = key
        return key
    }

    /// Ends the key in flight.
    mutating func done(_ key: ReconcileKey, _ outcome: Outcome, now: Date) {
        precondition(key == inFlight, "done(\(key)) while \(inFlight.map(\.description) ?? "nothing") is in flight")
        inFlight = nil
        let next: Date?
        switch outcome {
        case .succeeded(let wanted):
            failures[key] = nil
            next = wanted
        case .failed(let wanted):
            let count = (failures[key] ?? 0) + 1
            failures[key] = count
            let retry = now.addingTimeInterval(backoff.delay(failures: count))
            next = min(wanted ?? retry, retry)
        }
        if let next { add(key, at: next) }
        if let again = addedInFlight {
            addedInFlight = nil
            add(key, at: again)
        }
    }

    /// A key no longer exists (a guard gone): its backoff goes with it.
    mutating func forget(_ key: ReconcileKey) {
        due[key] = nil
        failures[key] = nil
    }

    /// When the next key is due (nil: nothing queued).
    var nextDue: Date? { due.values.min() }
}
