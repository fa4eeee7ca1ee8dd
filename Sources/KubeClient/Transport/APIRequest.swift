import KubeModel

/// One request to the API, as a value: built by pure functions, sent by `Client`.
package struct APIRequest: Sendable, Hashable {
    package enum Method: String, Sendable, Hashable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE" }

    package var method: Method
    package var path: String
    package var query: [(String, String)]
    package var body: [UInt8]?
    package var contentType: String?

    package init(method: Method, path: String, query: [(String, String)] = [], body: [UInt8]? = nil, contentType: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
    }

    /// Path and percent-encoded query.
    package var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Safe to send again after an unanswered attempt: everything but create, and
    /// JSON patches (an `add` to a list would apply twice).
    package var isIdempotent: Bool {
        switch method {
        case .get, .put, .delete: return true
        case .patch: return contentType != PatchBody.jsonPatchContentType
        case .post: return false
        }
    }

    package static func == (lhs: APIRequest, rhs: APIRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body && lhs.contentType == rhs.contentType
            && lhs.query.map { [$0.0, $0.1] } == rhs.query.map { [$0.0, $0.1] }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(body)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
