/// Runs a server for the duration of `body`, then stops it: the structured way to use
/// KubeSim from tests and tools. Plain HTTP unless `tls` is given.
package func withAPIServer<Result: Sendable>(
    cluster: ClusterState = ClusterState(), tls: ServerTLS? = nil, bookmarkInterval: Duration = .seconds(10),
    _ body: @Sendable (APIServer) async throws -> Result
) async throws -> Result {
    let server = try await APIServer.bind(cluster: cluster, tls: tls, bookmarkInterval: bookmarkInterval)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        defer { group.cancelAll() }
        return try await body(server)
    }
}
