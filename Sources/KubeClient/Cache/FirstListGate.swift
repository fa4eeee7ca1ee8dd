/// Whether a store's first list is in, and who waits for it: kept inside the store's own lock,
/// with the waiters resumed outside it. Shared by `Store` and the operator's node cache.
package struct FirstListGate: Sendable {
    package private(set) var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init() {}

    /// Adds `waiter` unless the list is in already; true when it is (resume it at once).
    package mutating func admit(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
        if isOpen { return true }
        waiters.append(waiter)
        return false
    }

    /// The list is in: returns the waiters to resume once the lock is let go.
    package mutating func open() -> [CheckedContinuation<Void, Never>] {
        isOpen = true
        defer { waiters = [] }
        return waiters
    }
}
