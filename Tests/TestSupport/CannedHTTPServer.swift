import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a free loopback port that answers every request with one canned
/// response: for the misbehaving endpoints a real Prometheus does not produce (HTML from a login
/// proxy, a bare 500, a hang). It records each request's head to check what the client sent.
package final class CannedHTTPServer: Sendable {
    package let port: Int
    private let listener: Int32
    private let heads = Mutex<[String]>([])

    package init(status: Int, contentType: String, body: String, delaySeconds: Double = 0) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }) == 0,
              listen(listener, 16) == 0,
              withUnsafeMutablePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }) == 0
        else { throw POSIXError(.EADDRINUSE) }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let response = "HTTP/1.1 \(status) Canned\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let thread = Thread { [self] in
            while true {
                let connection = accept(self.listener, nil, nil)
                // Closed here, not in stop(): the descriptor's number must not be reused while this loop can still accept on it.
                guard connection >= 0 else { close(self.listener); return }
                let head = Self.readHead(connection)
                heads.withLock { $0.append(head) }
                if delaySeconds > 0 { Thread.sleep(forTimeInterval: delaySeconds) }
                _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }
        thread.start()
    }

    package var url: String { "http://127.0.0.1:\(port)" }
    package var requestHeads: [String] { heads.withLock { $0 } }

    /// Wakes the accept loop, which then closes the socket.
    package func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// A loopback port with nothing listening on it.
    package static func closedPort() throws -> Int {
        let server = try CannedHTTPServer(status: 200, contentType: "text/plain", body: "")
        server.stop()
        return server.port
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Reads the request head and a Content-Length body, so the client sees its request taken in full.
    private static func readHead(_ connection: Int32) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            received += chunk[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = String(text[..<end.lowerBound])
            let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            let length = lengthLine.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { return head }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
