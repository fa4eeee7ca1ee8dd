import KubeSim

extension RBACRules {
    /// Whether some rule allows a request KubeSim served.
    func allows(_ recorded: RecordedRequest) -> Bool {
        allows(Request(recorded))
    }
}
