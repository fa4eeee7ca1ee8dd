/// Hooks for what watches the loop from outside: metrics, the demo, tests.
package struct ControllerObserver: Sendable {
    package var onCycle: @Sendable (CycleReport) -> Void

    package init(onCycle: @escaping @Sendable (CycleReport) -> Void = { _ in }) {
        self.onCycle = onCycle
    }
}
