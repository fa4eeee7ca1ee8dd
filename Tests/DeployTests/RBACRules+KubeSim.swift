import KubeSim

extension RBACRules.Request {
    /// A request KubeSim served (`server.cluster.requests`), as RBAC sees it.
    init(_ recorded: RecordedRequest) {
        self.init(verb: recorded.verb, group: recorded.group, resource: recorded.resource,
                  subresource: recorded.subresource, namespace: recorded.namespace, name: recorded.name)
    }
}

extension RBACRules {
    /// Whether some rule allows a request KubeSim served.
    func allows(_ recorded: RecordedRequest) -> Bool {
        allows(Request(recorded))
    }
}
