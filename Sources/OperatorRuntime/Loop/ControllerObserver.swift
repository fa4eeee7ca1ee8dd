/// Hooks for what watches the loop from outside: metrics, the demo, tests.
public struct ControllerObserver: Sendable {
    public var onCycle: @Sendable (CycleReport) -> Void

    public init(onCycle: @escaping @Sendable (CycleReport) -> Void = { _ in }) {
        self.onCycle = onCycle
    }
}
