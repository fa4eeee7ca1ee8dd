#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A crash kills the test process before any expectation can report, so each running fuzz
/// reader keeps "reader, seed, case" in a slot that a signal handler writes to stderr; then the
/// runtime's own handler is put back and the fault happens again, so its crash report follows.
enum CrashNote {
    static let slots = 32
    static let slotBytes = 192
    nonisolated(unsafe) static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: slots * slotBytes)
    nonisolated(unsafe) static let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slots)
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 64)
    // SIGTRAP is left alone: returning from it would run on past the trap.
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE]
    nonisolated(unsafe) static let heading: UnsafeBufferPointer<UInt8> = {
        let text = Array("fuzz: crashed in (rerun with this FUZZ_SEED; the case index says which input):\n".utf8)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = copy.initialize(from: text)
        return UnsafeBufferPointer(copy)
    }()
    static let nextSlot = Atomic<Int>(0)
    private static let installOnce: Void = install()

    /// Claims a slot for one reader's run.
    static func slot() -> Int {
        _ = installOnce
        return nextSlot.add(1, ordering: .relaxed).oldValue % slots
    }

    static func note(_ slot: Int, _ text: String) {
        ensureAlternateStack()
        let bytes = Array(text.utf8.prefix(slotBytes - 1)) + [0x0A]
        lengths[slot] = 0
        bytes.withUnsafeBufferPointer { (buffer + slot * slotBytes).update(from: $0.baseAddress!, count: bytes.count) }
        lengths[slot] = bytes.count
    }

    static func clear(_ slot: Int) { lengths[slot] = 0 }

    /// The handler runs on an alternate stack, so a stack overflow is noted too; the alternate
    /// stack is per thread, and test cases move between threads.
    private static func ensureAlternateStack() {
        var current = stack_t()
        sigaltstack(nil, &current)
        guard current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        var stack = stack_t()
        stack.ss_size = 1 << 16
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stack.ss_size, alignment: 16)
        sigaltstack(&stack, nil)
    }

    private static func install() {
        (0..<slots).forEach { lengths[$0] = 0 }
        _ = heading
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    private static let handler: @convention(c) (Int32) -> Void = { signal in
        _ = write(2, CrashNote.heading.baseAddress!, CrashNote.heading.count)
        for slot in 0..<CrashNote.slots where CrashNote.lengths[slot] > 0 {
            _ = write(2, CrashNote.buffer + slot * CrashNote.slotBytes, CrashNote.lengths[slot])
        }
        sigaction(signal, CrashNote.previous + Int(signal), nil)
    }
}
