import AsyncHTTPClient
import KubeModel

extension Client {
    /// Opens one watch request and returns its streaming body once the server answered 200.
    /// The body runs until the server ends it (timeoutSeconds) or the task is cancelled.
    package func openWatch(_ resource: Resource, namespace: String? = nil,
                          options: WatchOptions) async throws -> HTTPClientResponse.Body {
        let request = APIRequest.watch(resource, namespace: namespace, options: options)
        var reauthenticated = false
        while true {
            let response = try await execute(request, accept: "application/json")
            if response.status.code == 200 { return response.body }
            let body: [UInt8]
            do {
                body = Array(buffer: try await response.body.collect(upTo: 1 << 20))
            } catch {
                throw KubeError(code: .transport, message: "reading the answer to \(request.path) failed", cause: error)
            }
            if response.status.code == 401, !reauthenticated, canRefreshCredentials {
                reauthenticated = true
                authenticator.invalidate()
                continue
            }
            var error = Self.apiError(status: Int(response.status.code), body: body, request: request)
            error.message = "watch \(resource): \(error.message)"
            throw error
        }
    }

    /// A list-then-watch sequence over a resource; see `Watcher`.
    package func watcher<Object: HasMetadata>(_ resource: Resource, namespace: String? = nil,
                                             configuration: WatcherConfiguration = WatcherConfiguration(),
                                             as codec: ObjectCodec<Object>) -> Watcher<Object> {
        Watcher(client: self, resource: resource, namespace: namespace, configuration: configuration, codec: codec)
    }
}
