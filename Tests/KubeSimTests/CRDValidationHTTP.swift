import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KubeModel
import KubeSim

/// Plain HTTP requests to KubeSim, for the validation tests: the status and the Status body's message.
enum CRDValidationHTTP {
    struct Answer: Sendable {
        var status: Int
        var body: JSONValue
        var message: String { body["message"]?.stringValue ?? body.jsonString }
    }

    static func send(_ server: APIServer, _ method: String, _ path: String, _ body: JSONValue? = nil,
                     contentType: String = "application/json") async throws -> Answer {
        var request = URLRequest(url: URL(string: server.url + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return Answer(status: status, body: (try? JSONValue(parsing: Array(data))) ?? .string(String(decoding: data, as: UTF8.self)))
    }

    static let crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
    static let costGuardsPath = "/apis/costguard.dev/v1alpha1/costguards"
}
