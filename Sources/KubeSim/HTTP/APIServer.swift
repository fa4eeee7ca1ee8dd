import KubeModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The embedded Kubernetes API server: HTTP/1.1 on a loopback port, serving the
/// objects in `cluster`, over TLS when given a `ServerTLS`. `bind` picks the port
/// (0 = any free one); `run` serves until its task is cancelled.
package final class APIServer: Sendable {
    package let cluster: ClusterState
    package let host: String
    package let port: Int
    /// Whether connections are TLS (the URL is then https).
    package let usesTLS: Bool
    let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    let router: Router
    let bookmarkInterval: Duration
    let logger: Logger

    struct DropConnection: Error {}

    init(cluster: ClusterState, host: String, port: Int, usesTLS: Bool,
         channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
         bookmarkInterval: Duration, logger: Logger) {
        self.cluster = cluster
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
        self.channel = channel
        self.router = Router(cluster: cluster, serverAddress: "\(host):\(port)")
        self.bookmarkInterval = bookmarkInterval
        self.logger = logger
    }

    /// `http://127.0.0.1:PORT`, or `https://` with TLS.
    package var url: String { "\(usesTLS ? "https" : "http")://\(host):\(port)" }

    /// Plain HTTP unless `tls` is given.
    package static func bind(host: String = "127.0.0.1", port: Int = 0, cluster: ClusterState = ClusterState(),
                            tls: ServerTLS? = nil, bookmarkInterval: Duration = .seconds(10),
                            logger: Logger = Logger(label: "kubesim")) async throws -> APIServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls {
                        // A failed handshake surfaces as an error on the connection's inbound stream.
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.context))
                    }
                    // No pipelining assistance: it stops reading while a response is out, so a TLS
                    // client's close_notify during a watch would go unread until the client gave up.
                    // `serve` answers one request at a time anyway.
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        guard let boundPort = channel.channel.localAddress?.port else {
            try await channel.channel.close()
            throw SimError(message: "the server socket has no port")
        }
        return APIServer(cluster: cluster, host: host, port: boundPort, usesTLS: tls != nil, channel: channel,
                         bookmarkInterval: bookmarkInterval, logger: logger)
    }

    /// Serves connections until cancelled.
    package func run() async throws {
        try await channel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                    case .body(let buffer):
                        body += buffer.readableBytesView
                    case .end:
                        guard let requestHead = head else { continue }
                        let request = SimRequest(method: requestHead.method.rawValue, uri: requestHead.uri,
                                                 headers: requestHead.headers.map { ($0.name, $0.value) }, body: body)
                        let reply = await router.handle(request)
                        try await write(reply, to: outbound, channel: connection.channel)
                        if !requestHead.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    func write(_ reply: SimReply, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
               channel: any Channel) async throws {
        switch reply {
        case .full(let status, let body, let extra):
            var headers = HTTPHeaders(extra)
            if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
            headers.add(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                                            headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
        case .watch(let id, let type, let stream, let timeoutSeconds, let bookmarks):
            var headers = HTTPHeaders([("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")])
            headers.add(name: "Cache-Control", value: "no-cache, private")
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
            try await pump(id: id, type: type, stream: stream, timeoutSeconds: timeoutSeconds, bookmarks: bookmarks,
                           to: outbound, channel: channel)
            try await outbound.write(.end(nil))
        }
    }

    /// Writes watch lines as they come; bookmarks and the timeout are fed into the same
    /// stream by timers so they stay in order with events.
    func pump(id: UInt64, type: ResourceType, stream: AsyncStream<WatchFrame>, timeoutSeconds: Int?, bookmarks: Bool,
              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, channel: any Channel) async throws {
        let cluster = self.cluster
        let interval = bookmarkInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            if bookmarks, id != 0 {
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        cluster.bookmark(watch: id, type: type)
                    }
                }
            }
            if let timeoutSeconds, id != 0 {
                group.addTask {
                    try await Task.sleep(for: .seconds(timeoutSeconds))
                    cluster.endWatch(id)
                }
            }
            if id != 0 {
                // A client that goes away ends its watch now, not at the next write.
                channel.closeFuture.whenComplete { _ in cluster.endWatch(id) }
            }
            defer { group.cancelAll() }
            for await frame in stream {
                switch frame {
                case .line(let bytes):
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
                case .drop:
                    throw DropConnection()
                }
            }
        }
    }
}

/// A failure of the simulator itself (not an API answer).
package struct SimError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { "KubeSim: \(message)" }
}
