/// A request as the simulator's router sees it.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var headers: [(String, String)]
    var body: [UInt8]

    init(method: String, uri: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.headers = headers
        self.body = body
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = Self.percentDecode(String(parts[0]))
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecode(String(keyValue[0]))
                query[key] = keyValue.count > 1 ? Self.percentDecode(String(keyValue[1])) : ""
            }
        }
        self.query = query
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the router answers: a whole body, or a watch stream for the server to pump.
enum SimReply: Sendable {
    case full(status: Int, body: [UInt8], headers: [(String, String)])
    case watch(id: UInt64, type: ResourceType, stream: AsyncStream<WatchFrame>, timeoutSeconds: Int?, bookmarks: Bool)
}
