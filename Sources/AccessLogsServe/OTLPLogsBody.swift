import AccessLogsOTLP
import Foundation
import SwiftProtobuf

typealias ExportLogsRequest = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
typealias ExportLogsResponse = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse

/// OTLP/HTTP logs (`POST /v1/logs`): the request in either encoding the protocol allows, and the
/// answer in the same one, with the skipped records as a partial success.
enum OTLPLogsBody {
    enum Encoding: String {
        case protobuf = "application/x-protobuf"
        case json = "application/json"

        init?(contentType: String?) {
            let media = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let media, let encoding = Encoding(rawValue: media) else { return nil }
            self = encoding
        }
    }

    /// The request, or what is wrong with the body (for a 400).
    static func decode(_ body: [UInt8], as encoding: Encoding) -> Result<ExportLogsRequest, OTLPBodyError> {
        do {
            switch encoding {
            case .protobuf:
                return .success(try ExportLogsRequest(serializedBytes: body))
            case .json:
                var options = JSONDecodingOptions()
                // OTLP/JSON receivers must ignore fields they do not know (the OTLP specification).
                options.ignoreUnknownFields = true
                return .success(try ExportLogsRequest(jsonUTF8Bytes: body, options: options))
            }
        } catch {
            return .failure(OTLPBodyError(encoding: encoding, reason: "\(error)"))
        }
    }

    static func response(rejected: Int, reason: String, as encoding: Encoding) -> [UInt8] {
        var response = ExportLogsResponse()
        if rejected > 0 {
            response.partialSuccess.rejectedLogRecords = Int64(rejected)
            response.partialSuccess.errorMessage = reason
        }
        switch encoding {
        case .protobuf: return (try? response.serializedBytes()) ?? []
        case .json: return Array(((try? response.jsonString()) ?? "{}").utf8)
        }
    }
}

struct OTLPBodyError: Error {
    var encoding: OTLPLogsBody.Encoding
    var reason: String

    var message: String {
        "the body is not an OTLP ExportLogsServiceRequest in \(encoding == .protobuf ? "protobuf" : "JSON"): \(reason)"
    }
}
