import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KubeModel
import KubeSim
import Testing

/// Requests to a running KubeSim over HTTP, for the validation tests: status code and body.
struct ValidationHTTP: Sendable {
    let base: String

    func send(_ method: String, _ path: String, _ body: JSONValue? = nil,
              contentType: String = "application/json") async throws -> (status: Int, body: JSONValue) {
        var request = URLRequest(url: try #require(URL(string: base + path)))
        request.httpMethod = method
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body { request.httpBody = Data(body.serialized()) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, data.isEmpty ? .null : try JSONValue(parsing: Array(data)))
    }

    func post(_ path: String, _ body: JSONValue) async throws -> (status: Int, body: JSONValue) {
        try await send("POST", path, body)
    }

    func mergePatch(_ path: String, _ patch: JSONValue) async throws -> (status: Int, body: JSONValue) {
        try await send("PATCH", path, patch, contentType: "application/merge-patch+json")
    }

    /// Runs `body` against a fresh KubeSim.
    static func withServer(_ body: @Sendable (ValidationHTTP, ClusterState) async throws -> Void) async throws {
        let cluster = ClusterState()
        try await withAPIServer(cluster: cluster) { server in try await body(ValidationHTTP(base: server.url), cluster) }
    }
}

/// What a 422 says, to compare with the real server's words.
struct Refusal {
    let status: Int
    let reason: String?
    let message: String
    /// (field, reason, message) of each cause.
    let causes: [(field: String, type: String, message: String)]

    init(_ answer: (status: Int, body: JSONValue)) {
        status = answer.status
        reason = answer.body["reason"]?.stringValue
        message = answer.body["message"]?.stringValue ?? answer.body.jsonString
        causes = (answer.body.value(atPath: "details.causes")?.arrayValue ?? []).map {
            ($0["field"]?.stringValue ?? "", $0["reason"]?.stringValue ?? "", $0["message"]?.stringValue ?? "")
        }
    }

    /// The part after `<Kind> "<name>" is invalid: `.
    var detail: String {
        guard let range = message.range(of: " is invalid: ") else { return message }
        return String(message[range.upperBound...])
    }
}

enum Upstream {
    static let subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let qualifiedNamePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
}
